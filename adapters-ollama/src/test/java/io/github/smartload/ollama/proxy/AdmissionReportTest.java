package io.github.smartload.ollama.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.smartload.core.ModelName;
import io.github.smartload.core.admission.Answer;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AdmissionReportTest {

  private static final ModelName TARGET = ModelName.parse("gemma3:12b");
  private static final ModelName BUSY = ModelName.parse("qwen2.5:14b");
  private static final ModelName YOUNG = ModelName.parse("phi4:14b");

  @Test
  void theWaitingLineSaysWhichModelsAreBusyAndWhichAreYoung() {
    assertThat(AdmissionReport.waitingLine(TARGET, new Answer.Wait(Set.of(BUSY), Set.of())))
        .isEqualTo("waiting for qwen2.5:14b to finish before loading gemma3:12b");
    assertThat(AdmissionReport.waitingLine(TARGET, new Answer.Wait(Set.of(), Set.of(YOUNG))))
        .isEqualTo(
            "waiting for phi4:14b to reach the minimum residency (--min-residency) before"
                + " loading gemma3:12b");
    assertThat(AdmissionReport.waitingLine(TARGET, new Answer.Wait(Set.of(BUSY), Set.of(YOUNG))))
        .isEqualTo(
            "waiting for qwen2.5:14b to finish and for phi4:14b to reach the minimum residency"
                + " (--min-residency) before loading gemma3:12b");
  }
}

package io.github.smartload.ollama;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.smartload.core.ByteSize;
import io.github.smartload.core.footprint.InstalledModel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShowAnswerFileTest {

  @TempDir Path dir;

  @Test
  void aSavedVerboseAnswerGivesTheFactsAndTheModelfileContext() throws IOException {
    Path file = copy("nomic-embed-text-verbose.json");

    InstalledModel model = ShowAnswerFile.read(file, Optional.of(ByteSize.parse("274MB")));

    assertThat(model.facts().missingForFootprint()).isEmpty();
    assertThat(model.facts().vocabSize()).hasValue(30522);
    assertThat(model.modelfileNumCtx()).hasValue(8192);
  }

  @Test
  void withoutASizeTheFileSizeIsTheOneMissingFact() throws IOException {
    InstalledModel model = ShowAnswerFile.read(copy("qwen3-8b.json"), Optional.empty());

    assertThat(model.facts().missingForFootprint()).containsExactly("file size");
  }

  @Test
  void aFileThatIsNotAnAnswerIsNamedInOneLine() throws IOException {
    Path file = Files.writeString(dir.resolve("facts.json"), "[1, 2]");

    assertThatThrownBy(() -> ShowAnswerFile.read(file, Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("facts file " + file + " is not an /api/show answer: ")
        .hasMessageNotContaining("\n");
  }

  private Path copy(String fixture) throws IOException {
    try (InputStream in = getClass().getResourceAsStream("/ollama/show/" + fixture)) {
      Path file = dir.resolve(fixture);
      Files.copy(in, file);
      return file;
    }
  }
}

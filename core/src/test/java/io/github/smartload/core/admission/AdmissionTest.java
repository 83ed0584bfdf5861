package io.github.smartload.core.admission;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.smartload.core.KeepAlive;
import io.github.smartload.core.ModelName;
import io.github.smartload.core.fake.InMemoryRuntime;
import io.github.smartload.core.fake.ManualTime;
import io.github.smartload.core.fake.SimulatedMemory;
import io.github.smartload.core.load.SmartLoader;
import io.github.smartload.core.port.LoadEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Admission on one thread with a manual clock: every wait is instant and exact. Room for two of
 * three 9 GB models (22 GB available with none resident, 10.8 GB each with the margin).
 */
class AdmissionTest {

  private static final ModelName A = ModelName.parse("qwen2.5:14b");
  private static final ModelName B = ModelName.parse("phi4:14b");
  private static final ModelName C = ModelName.parse("gemma3:12b");

  private final ManualTime time = ManualTime.at("2026-11-30T10:00:00Z");
  private final SimulatedMemory memory = new SimulatedMemory("32", "22");
  private final InMemoryRuntime runtime =
      new InMemoryRuntime(time, memory)
          .install("qwen2.5:14b", "9")
          .install("phi4:14b", "9")
          .install("gemma3:12b", "9");
  private final List<AdmissionEvent> events = new ArrayList<>();
  private final List<LoadEvent> decisionLog = new ArrayList<>();

  private Admission admission(Duration busyTimeout, Duration minResidency) {
    SmartLoader loader =
        SmartLoader.builder(memory, runtime)
            .time(time, time)
            .pollInterval(Duration.ofMillis(250))
            .unloadDeadline(Duration.ofSeconds(10))
            .build();
    return new Admission(
        loader,
        runtime,
        new AdmissionSettings(KeepAlive.DEFAULT, false, busyTimeout, minResidency),
        time,
        time,
        decisionLog::add);
  }

  private static Answer.Go go(Answer answer) {
    assertThat(answer).isInstanceOf(Answer.Go.class);
    return (Answer.Go) answer;
  }

  @Test
  void aResidentModelGoesStraightThroughWithoutADecision() throws Exception {
    Admission admission = admission(Duration.ofSeconds(120), Duration.ZERO);
    go(admission.admit(A, () -> false, events::add)).ticket().close();

    Answer.Go again = go(admission.admit(A, () -> false, events::add));

    assertThat(again.route()).isEqualTo(new Answer.Resident());
    assertThat(events).filteredOn(AdmissionEvent.Decided.class::isInstance).hasSize(1);
  }

  @Test
  void withoutAMinimumResidencyTheModelJustLoadedIsEvictedForTheNext() throws Exception {
    Admission admission = admission(Duration.ofSeconds(120), Duration.ZERO);
    go(admission.admit(A, () -> false, events::add)).ticket().close();
    go(admission.admit(B, () -> false, events::add)).ticket().close();

    go(admission.admit(C, () -> false, events::add)).ticket().close();

    assertThat(runtime.calls()).contains("unload qwen2.5:14b", "unload phi4:14b");
  }

  @Test
  void aModelYoungerThanTheMinimumResidencyIsWaitedForNotEvicted() throws Exception {
    Admission admission = admission(Duration.ofSeconds(120), Duration.ofSeconds(30));
    go(admission.admit(A, () -> false, events::add)).ticket().close();
    time.sleep(Duration.ofSeconds(40)); // A is old enough to go
    go(admission.admit(B, () -> false, events::add)).ticket().close();

    Answer.Go answer = go(admission.admit(C, () -> false, events::add));

    // A may go at once; B, loaded a moment ago, is waited for until it is 30 s old.
    assertThat(events).filteredOn(AdmissionEvent.Waiting.class::isInstance).isEmpty();
    assertThat(runtime.calls()).contains("unload qwen2.5:14b").doesNotContain("unload phi4:14b");
    assertThat(answer.route()).isInstanceOf(Answer.Loaded.class);
    assertThat(runtime.residentNames()).containsExactlyInAnyOrder(B, C);
  }

  @Test
  void whenOnlyYoungModelsAreInTheWayTheLoadWaitsUntilTheyMayGo() throws Exception {
    Admission admission = admission(Duration.ofSeconds(120), Duration.ofSeconds(30));
    go(admission.admit(A, () -> false, events::add)).ticket().close();
    go(admission.admit(B, () -> false, events::add)).ticket().close();
    java.time.Instant asked = time.instant();

    Answer.Go answer = go(admission.admit(C, () -> false, events::add));

    assertThat(events)
        .filteredOn(AdmissionEvent.Waiting.class::isInstance)
        .singleElement()
        .isEqualTo(
            new AdmissionEvent.Waiting(
                C, new Answer.Wait(java.util.Set.of(), java.util.Set.of(A, B))));
    assertThat(Duration.between(asked, time.instant()))
        .isGreaterThanOrEqualTo(Duration.ofSeconds(30));
    assertThat(answer.route()).isInstanceOf(Answer.Loaded.class);
    assertThat(runtime.residentNames()).contains(C);
  }

  @Test
  void aBusyModelInTheWayIsRefusedAsStillBusyAfterTheBusyTimeout() throws Exception {
    Admission admission = admission(Duration.ofSeconds(5), Duration.ZERO);
    Answer.Go streaming = go(admission.admit(A, () -> false, events::add));
    Answer.Go streamingToo = go(admission.admit(B, () -> false, events::add));

    Answer answer = admission.admit(C, () -> false, events::add);

    assertThat(answer)
        .isEqualTo(
            new Answer.Refuse(new Answer.StillBusy(java.util.Set.of(A, B), Duration.ofSeconds(5))));
    assertThat(runtime.calls()).noneMatch(call -> call.startsWith("unload"));
    streaming.ticket().close();
    streamingToo.ticket().close();
  }

  @Test
  void aBusyModelIsKeptWhenAnIdleOneMakesRoom() throws Exception {
    Admission admission = admission(Duration.ofSeconds(120), Duration.ZERO);
    Answer.Go streaming = go(admission.admit(A, () -> false, events::add));
    go(admission.admit(B, () -> false, events::add)).ticket().close();

    go(admission.admit(C, () -> false, events::add)).ticket().close();

    assertThat(runtime.calls()).contains("unload phi4:14b").doesNotContain("unload qwen2.5:14b");
    streaming.ticket().close();
  }

  @Test
  void busyModelsThatFinishWhileTheLoadWaitsAreThenUnloaded() throws Exception {
    Admission admission = admission(Duration.ofSeconds(120), Duration.ZERO);
    Answer.Go streaming = go(admission.admit(A, () -> false, events::add));
    Answer.Go streamingToo = go(admission.admit(B, () -> false, events::add));
    time.onSleep(streaming.ticket()::close).onSleep(streamingToo.ticket()::close);

    Answer.Go answer = go(admission.admit(C, () -> false, events::add));

    assertThat(answer.route()).isInstanceOf(Answer.Loaded.class);
    assertThat(events)
        .filteredOn(AdmissionEvent.Waiting.class::isInstance)
        .singleElement()
        .isEqualTo(
            new AdmissionEvent.Waiting(
                C, new Answer.Wait(java.util.Set.of(A, B), java.util.Set.of())));
    assertThat(runtime.residentNames()).contains(C);
    // The log tells the decision that was carried out, not the "won't fit" that became a wait.
    assertThat(decisionLog)
        .filteredOn(LoadEvent.Decided.class::isInstance)
        .extracting(event -> ((LoadEvent.Decided) event).decision().kind())
        .containsExactly("fits", "fits", "unload");
  }

  @Test
  void aClientThatGivesUpWhileWaitingIsToldSo() throws Exception {
    Admission admission = admission(Duration.ofSeconds(120), Duration.ZERO);
    Answer.Go streaming = go(admission.admit(A, () -> false, events::add));
    Answer.Go streamingToo = go(admission.admit(B, () -> false, events::add));

    Answer answer = admission.admit(C, () -> true, events::add);

    assertThat(answer).isEqualTo(new Answer.Refuse(new Answer.ClientGone()));
    streaming.ticket().close();
    streamingToo.ticket().close();
  }

  @Test
  void aModelTheRuntimeDoesNotHaveGoesUncheckedAndUnloadsNothing() throws Exception {
    Admission admission = admission(Duration.ofSeconds(120), Duration.ZERO);
    go(admission.admit(A, () -> false, events::add)).ticket().close();
    go(admission.admit(B, () -> false, events::add)).ticket().close();

    Answer.Go answer =
        go(admission.admit(ModelName.parse("qwen2.5:32b"), () -> false, events::add));

    assertThat(answer.route()).isInstanceOf(Answer.Unchecked.class);
    assertThat(runtime.calls()).noneMatch(call -> call.startsWith("unload"));
  }

  /**
   * Ollama's runner cap (3 without a GPU, server/sched.go 265-290): with three small models loaded
   * it would unload one itself before a fourth, the first idle one. When all three are busy the one
   * it would take is waited for, as any kept model is, and then unloaded by smartload.
   */
  @Test
  void aBusyModelOllamaWouldUnloadItselfIsWaitedForThenUnloaded() throws Exception {
    InMemoryRuntime small =
        new InMemoryRuntime(time, memory)
            .install("a:1b", "1")
            .install("b:1b", "1")
            .install("c:1b", "1")
            .install("d:1b", "1");
    Admission admission =
        new Admission(
            SmartLoader.builder(memory, small)
                .time(time, time)
                .pollInterval(Duration.ofMillis(250))
                .unloadDeadline(Duration.ofSeconds(10))
                .build(),
            small,
            new AdmissionSettings(KeepAlive.DEFAULT, false, Duration.ofSeconds(120), Duration.ZERO),
            time,
            time,
            decisionLog::add);
    Answer.Go a = go(admission.admit(ModelName.parse("a:1b"), () -> false, events::add));
    Answer.Go b = go(admission.admit(ModelName.parse("b:1b"), () -> false, events::add));
    Answer.Go c = go(admission.admit(ModelName.parse("c:1b"), () -> false, events::add));
    time.onSleep(a.ticket()::close);

    Answer.Go d = go(admission.admit(ModelName.parse("d:1b"), () -> false, events::add));

    // Same keep-alive, so by name: a is the one Ollama would take; smartload waits for it.
    assertThat(events)
        .filteredOn(AdmissionEvent.Waiting.class::isInstance)
        .singleElement()
        .isEqualTo(
            new AdmissionEvent.Waiting(
                ModelName.parse("d:1b"),
                new Answer.Wait(java.util.Set.of(ModelName.parse("a:1b")), java.util.Set.of())));
    assertThat(d.route()).isInstanceOf(Answer.Loaded.class);
    assertThat(small.calls())
        .contains("unload a:1b")
        .noneMatch(call -> call.startsWith("unload b"));
    assertThat(small.residentNames())
        .containsExactlyInAnyOrder(
            ModelName.parse("b:1b"), ModelName.parse("c:1b"), ModelName.parse("d:1b"));
    b.ticket().close();
    c.ticket().close();
    d.ticket().close();
  }
}

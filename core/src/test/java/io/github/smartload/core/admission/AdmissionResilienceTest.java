package io.github.smartload.core.admission;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.smartload.core.KeepAlive;
import io.github.smartload.core.ModelName;
import io.github.smartload.core.fake.InMemoryRuntime;
import io.github.smartload.core.fake.ManualTime;
import io.github.smartload.core.fake.SimulatedMemory;
import io.github.smartload.core.load.SmartLoader;
import io.github.smartload.core.port.MemoryProbeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Admission when the runtime dies, restarts or is asked for names it does not list, on one thread
 * with a manual clock.
 */
class AdmissionResilienceTest {

  private static final ModelName A = ModelName.parse("qwen2.5:14b");
  private static final ModelName B = ModelName.parse("phi4:14b");

  private final ManualTime time = ManualTime.at("2026-11-30T10:00:00Z");
  private SimulatedMemory memory = new SimulatedMemory("32", "22");
  private final DyingRuntime runtime = new DyingRuntime(fresh(), this::fresh);
  private final List<AdmissionEvent> events = new ArrayList<>();

  private InMemoryRuntime fresh() {
    memory = new SimulatedMemory("32", "22");
    return new InMemoryRuntime(time, memory).install("qwen2.5:14b", "9").install("phi4:14b", "9");
  }

  private boolean memoryBroken;

  private Admission admission(AdmissionSettings settings) {
    SmartLoader loader =
        SmartLoader.builder(
                () -> {
                  if (memoryBroken) {
                    throw new MemoryProbeException("/proc/meminfo: no MemTotal line");
                  }
                  return memory.read();
                },
                runtime)
            .time(time, time)
            .pollInterval(Duration.ofMillis(250))
            .unloadDeadline(Duration.ofSeconds(10))
            .build();
    return new Admission(loader, runtime, settings, time, time, event -> {});
  }

  private Admission admission() {
    return admission(
        new AdmissionSettings(KeepAlive.DEFAULT, false, Duration.ofSeconds(5), Duration.ZERO));
  }

  @Test
  void aDeathDuringTheLoadIsRefusedAsDiedAndReportedWithItsDecision() throws Exception {
    Admission admission = admission();
    runtime.dieDuringNextLoad();

    Answer answer = admission.admit(A, () -> false, events::add);

    assertThat(answer).isInstanceOf(Answer.Refuse.class);
    assertThat(((Answer.Refuse) answer).reason()).isInstanceOf(Answer.Died.class);
    assertThat(events)
        .filteredOn(AdmissionEvent.Failed.class::isInstance)
        .singleElement()
        .satisfies(
            event -> {
              AdmissionEvent.Failed failed = (AdmissionEvent.Failed) event;
              assertThat(failed.model()).isEqualTo(A);
              assertThat(failed.decision()).isPresent();
              assertThat(failed.reason()).isInstanceOf(Answer.Died.class);
            });
  }

  @Test
  void unreadableMemoryRefusesALoadWithTheProbesErrorAndLoadsNothing() throws Exception {
    Admission admission = admission();
    memoryBroken = true;

    Answer answer = admission.admit(A, () -> false, events::add);

    assertThat(answer)
        .isEqualTo(new Answer.Refuse(new Answer.MemoryUnknown("/proc/meminfo: no MemTotal line")));
    assertThat(runtime.loadedModels()).isEmpty();
  }

  @Test
  void unreadableMemoryStillLetsAResidentModelThrough() throws Exception {
    Admission admission = admission();
    ((Answer.Go) admission.admit(A, () -> false, events::add)).ticket().close();
    memoryBroken = true;
    time.sleep(Duration.ofSeconds(5)); // the resident list is read again

    Answer answer = admission.admit(A, () -> false, events::add);

    assertThat(answer).isInstanceOf(Answer.Go.class);
    ((Answer.Go) answer).ticket().close();
  }

  @Test
  void failOpenForwardsALoadUncheckedWhenMemoryIsUnreadable() throws Exception {
    Admission admission =
        admission(
            new AdmissionSettings(KeepAlive.DEFAULT, false, Duration.ofSeconds(5), Duration.ZERO)
                .withFailOpen(true));
    memoryBroken = true;

    Answer answer = admission.admit(A, () -> false, events::add);

    assertThat(answer).isInstanceOf(Answer.Go.class);
    assertThat(((Answer.Go) answer).route()).isInstanceOf(Answer.Unchecked.class);
    ((Answer.Go) answer).ticket().close();
  }

  @Test
  void fiveHundredUnknownNamesCostOneLookupTakeNoTurnAndLeaveNothingBehind() throws Exception {
    Admission admission = admission();
    ((Answer.Go) admission.admit(A, () -> false, events::add)).ticket().close();
    events.clear();
    time.sleep(Duration.ofSeconds(5)); // the list of installed models may be read again, once
    int before = runtime.installedCalls.get();

    for (int i = 0; i < 500; i++) {
      ModelName unknown = ModelName.parse("x".repeat(2000) + i);
      Answer answer = admission.admit(unknown, () -> false, events::add);
      assertThat(answer).isInstanceOf(Answer.Go.class);
      assertThat(((Answer.Go) answer).route()).isInstanceOf(Answer.Unchecked.class);
      ((Answer.Go) answer).ticket().close();
    }

    assertThat(runtime.installedCalls.get() - before).isEqualTo(1);
    assertThat(events).as("no turn taken, nothing decided").isEmpty();
    assertThat(admission.inFlight()).isEmpty();
    assertThat(admission.queued()).isEmpty();
    assertThat(admission.listed(A)).isTrue();
  }

  @Test
  void afterTheRuntimeIsLostAModelOnceResidentIsDecidedAgainNotTakenForResident() throws Exception {
    Admission admission = admission();
    ((Answer.Go) admission.admit(A, () -> false, events::add)).ticket().close();
    Answer.Go resident = (Answer.Go) admission.admit(A, () -> false, events::add);
    resident.ticket().close();
    assertThat(resident.route()).isEqualTo(new Answer.Resident());
    runtime.restart(); // nothing resident any more; the clock has not moved

    admission.runtimeLost();
    Answer.Go again = (Answer.Go) admission.admit(A, () -> false, events::add);

    again.ticket().close();
    assertThat(again.route()).isInstanceOf(Answer.Loaded.class);
  }

  @Test
  void requestsThatJoinedALoadThatDiedAreRefusedWithTheReasonNotLeftWaiting() throws Exception {
    Admission admission = admission();
    CountDownLatch release = new CountDownLatch(1);
    runtime.holdNextLoad(release).dieDuringNextLoad();
    ExecutorService clients = Executors.newFixedThreadPool(2);
    try {
      Future<Answer> leader = clients.submit(() -> admission.admit(A, () -> false, events::add));
      awaitQueued(admission, 1);
      Future<Answer> joiner = clients.submit(() -> admission.admit(A, () -> false, e -> {}));
      awaitQueued(admission, 2);

      release.countDown();

      for (Future<Answer> answer : List.of(leader, joiner)) {
        assertThat(answer.get(30, TimeUnit.SECONDS))
            .isInstanceOfSatisfying(
                Answer.Refuse.class,
                refuse -> assertThat(refuse.reason()).isInstanceOf(Answer.Died.class));
      }
      assertThat(admission.queued()).isEmpty();
    } finally {
      clients.shutdownNow();
    }
  }

  /** Waits (real time, generously) until {@code count} requests wait on the load of A. */
  private static void awaitQueued(Admission admission, int count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!Integer.valueOf(count).equals(admission.queued().get(A.toString()))) {
      assertThat(System.nanoTime())
          .as("%d requests waiting on the load", count)
          .isLessThan(deadline);
      Thread.sleep(5);
    }
  }
}

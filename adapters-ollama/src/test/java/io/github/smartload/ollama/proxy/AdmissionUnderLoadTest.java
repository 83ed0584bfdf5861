package io.github.smartload.ollama.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.smartload.core.ModelName;
import io.github.smartload.core.admission.Admission;
import io.github.smartload.core.admission.AdmissionListener;
import io.github.smartload.core.admission.Answer;
import io.github.smartload.core.fake.InMemoryRuntime;
import io.github.smartload.core.fake.SimulatedMemory;
import io.github.smartload.core.load.SmartLoader;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;

/**
 * Core's admission from two threads over the synchronized fakes, on a stopped clock, so that its
 * cache of resident models never ages (what the proxy's LoadCoordinatorTest held before the move).
 */
class AdmissionUnderLoadTest {

  private static final ModelName BIG = ModelName.parse("qwen2.5:14b");
  private static final ModelName BIGGER = ModelName.parse("command-r");

  private final Clock clock = Clock.fixed(Instant.now(), ZoneOffset.UTC);
  private final SimulatedMemory memory = new SimulatedMemory("32", "23");
  private final InMemoryRuntime inner = new InMemoryRuntime(clock, memory);
  private final SynchronizedRuntime runtime = new SynchronizedRuntime(inner, memory);
  private final Admission admission =
      ProxyHarness.admission(
          SmartLoader.builder(runtime, runtime)
              .pollInterval(Duration.ofMillis(5))
              .unloadDeadline(Duration.ofSeconds(5))
              .build(),
          runtime,
          ProxyConfig.defaults(HttpUrl.get("http://127.0.0.1:1/")));

  @Test
  void aModelUnloadedForAnotherIsNotTakenForResidentWhileThatOneLoads() throws Exception {
    inner.install(BIGGER.toString(), "18").resident(BIG.toString(), "9", Duration.ofMinutes(10));
    // A request for the resident model reads (and caches) the list of resident models.
    Answer first = admission.admit(BIG, () -> false, AdmissionListener.NONE);
    assertThat(first).isInstanceOf(Answer.Go.class);
    ((Answer.Go) first).ticket().close();
    CountDownLatch gate = new CountDownLatch(1);
    CountDownLatch loading = new CountDownLatch(1);
    runtime.holdLoads(gate, loading);
    CompletableFuture<Answer> bigger =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return admission.admit(BIGGER, () -> false, AdmissionListener.NONE);
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });
    try {
      assertThat(loading.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(runtime.residentNames()).doesNotContain(BIG);

      // BIG was unloaded to make room: it must queue for its own smart load, not skip the queue
      // on the strength of the list read before the unload. Its client gives up at once, so it
      // leaves the queue instead of waiting for BIGGER's load.
      Answer again = admission.admit(BIG, () -> true, AdmissionListener.NONE);

      assertThat(again).isEqualTo(new Answer.Refuse(new Answer.ClientGone()));
    } finally {
      gate.countDown();
    }
    assertThat(bigger.get(10, TimeUnit.SECONDS)).isInstanceOf(Answer.Go.class);
  }
}

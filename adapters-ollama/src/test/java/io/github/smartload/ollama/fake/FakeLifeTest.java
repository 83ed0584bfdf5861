package io.github.smartload.ollama.fake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class FakeLifeTest {

  private final AtomicInteger deaths = new AtomicInteger();
  private final FakeLife life = new FakeLife(deaths::incrementAndGet);
  private final AtomicInteger loaded = new AtomicInteger();

  @Test
  void theArmedLoadKillsTheServerInsteadOfLoading() {
    life.dieDuringNextLoad();

    assertThatThrownBy(() -> life.load(Duration.ZERO, loaded::incrementAndGet))
        .isInstanceOf(FakeLife.Killed.class);

    assertThat(loaded).hasValue(0);
    assertThat(deaths).hasValue(1);
    assertThat(life.dead()).isTrue();
    life.revived();
    life.load(Duration.ZERO, loaded::incrementAndGet); // disarmed: the next load loads
    assertThat(loaded).hasValue(1);
  }

  @Test
  void aKillDisarmsADeathArmedForALoadThatNeverCame() {
    life.dieDuringNextLoad();
    life.kill();
    life.revived();

    life.load(Duration.ZERO, loaded::incrementAndGet); // the restarted server loads as usual

    assertThat(loaded).hasValue(1);
    assertThat(deaths).hasValue(1);
    assertThat(life.dead()).isFalse();
  }

  @Test
  void aRestartWaitsForTheDeathUnderWayToFinish() throws Exception {
    // A load kills the server from a handler thread: its client sees the connection cut while
    // the server is still stopping, and may ask for a restart before the port is free.
    CountDownLatch dying = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    List<String> order = new CopyOnWriteArrayList<>();
    FakeLife slowDeath =
        new FakeLife(
            () -> {
              dying.countDown();
              awaitQuietly(release);
              order.add("stopped");
            });
    Thread killer = new Thread(slowDeath::kill);
    killer.start();
    assertThat(dying.await(30, TimeUnit.SECONDS)).isTrue();
    Thread reviver = new Thread(() -> slowDeath.revive(() -> order.add("listening")));
    reviver.start();

    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (reviver.getState() != Thread.State.BLOCKED && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(reviver.getState())
        .as("the restart waits for the stop")
        .isEqualTo(Thread.State.BLOCKED);
    release.countDown();
    killer.join(Duration.ofSeconds(30).toMillis());
    reviver.join(Duration.ofSeconds(30).toMillis());

    assertThat(order).containsExactly("stopped", "listening");
    assertThat(slowDeath.dead()).isFalse();
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void aLoadUnderWayWhenTheServerDiesNeverCompletes() throws Exception {
    AtomicReference<Throwable> outcome = new AtomicReference<>();
    Thread loading =
        new Thread(
            () -> {
              try {
                life.load(Duration.ofMinutes(1), loaded::incrementAndGet);
              } catch (RuntimeException e) {
                outcome.set(e);
              }
            });
    loading.start();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (loading.getState() != Thread.State.TIMED_WAITING && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(loading.getState()).isEqualTo(Thread.State.TIMED_WAITING); // in its load delay

    life.kill();
    life.revived(); // even a restart before the delay ends must not make it resident
    loading.interrupt(); // ends the delay now
    loading.join(Duration.ofSeconds(30).toMillis());

    assertThat(outcome.get()).isInstanceOf(FakeLife.Killed.class);
    assertThat(loaded).hasValue(0);
    assertThat(deaths).as("a dying load does not kill the server twice").hasValue(1);
  }
}

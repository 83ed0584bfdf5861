package io.github.smartload.ollama.fake;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The fake server's life and death: a death armed for the next load, a kill at any moment, and
 * loads that never complete in a life that ended while they ran. {@code die} stops the server and
 * frees the models' memory.
 */
final class FakeLife {

  private final Runnable die;

  /** Armed by {@link #dieDuringNextLoad()}: the next load kills the server. */
  private final AtomicBoolean dieOnLoad = new AtomicBoolean();

  /** Counts the server's deaths, so that a load begun in an earlier life never completes. */
  private final AtomicInteger deaths = new AtomicInteger();

  private volatile boolean dead;

  /** Guards {@link #frozen}; waiters on it are requests and streams held by a freeze. */
  private final Object gate = new Object();

  private boolean frozen;

  FakeLife(Runnable die) {
    this.die = die;
  }

  void dieDuringNextLoad() {
    dieOnLoad.set(true);
  }

  boolean dead() {
    return dead;
  }

  /**
   * Kills the server now; a death armed for a load that never came dies with it. Holds this lock
   * until the server has stopped, so a restart cannot race the stop for the port.
   */
  void kill() {
    synchronized (this) {
      dieOnLoad.set(false);
      dead = true;
      deaths.incrementAndGet();
      die.run();
    }
    synchronized (gate) {
      gate.notifyAll(); // what a freeze held dies with the server
    }
  }

  void freeze() {
    synchronized (gate) {
      frozen = true;
    }
  }

  void thaw() {
    synchronized (gate) {
      frozen = false;
      gate.notifyAll();
    }
  }

  /**
   * Waits while the server is frozen; returns at once when it dies (or the fake closes). A caller
   * that finds the server dead must send nothing more: a stream that ended its exchange cleanly
   * here would give its client a clean end where a killed server gives a cut connection.
   */
  void awaitThawed() {
    synchronized (gate) {
      while (frozen && !dead) {
        try {
          gate.wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  void revived() {
    revive(() -> {});
  }

  /**
   * Brings a dead server back: {@code listen} binds it again once the death under way has finished
   * stopping the old one, so the port is free.
   *
   * @throws IllegalStateException when the server is running
   */
  synchronized void revive(Runnable listen) {
    if (!dead) {
      throw new IllegalStateException("the fake Ollama is running: it can only restart once dead");
    }
    listen.run();
    dead = false;
  }

  /**
   * Loads a model: waits {@code delay}, then runs {@code loaded}, unless the server died meanwhile
   * or this is the load armed to kill it, which it then does after the delay (so that a request
   * joining meanwhile dies with it).
   *
   * @throws Killed when no answer may go out
   */
  void load(Duration delay, Runnable loaded) {
    boolean dies = dieOnLoad.compareAndSet(true, false);
    int born = deaths.get();
    FakeWire.sleep(delay);
    if (deaths.get() != born) {
      throw new Killed(); // the server died while this model loaded: nothing is resident
    }
    if (dies) {
      kill();
      throw new Killed();
    }
    loaded.run();
  }

  /** The server was killed while loading: the exchange closes with no answer. */
  static final class Killed extends RuntimeException {
    Killed() {
      super("killed while loading", null, false, false);
    }
  }
}

package io.github.smartload.ollama.fake;

import io.github.smartload.core.ByteSize;
import io.github.smartload.core.ModelName;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The fake Ollama's machine: installed models, resident models and the RAM they take (what their
 * GPUs do not hold, see {@link FakeVram}), mirrored into a meminfo file after every change. Like
 * Ollama on CPU it never refuses a load for lack of RAM: it over-commits and records that it did.
 * Thread-safe: every method holds the instance lock.
 */
final class FakeMachine {

  private final ByteSize total;
  private final ByteSize base;
  private final Map<ModelName, ByteSize> installed;
  private final Map<ModelName, ByteSize> residentSizes;
  private final Map<ModelName, String> shown;
  private final Duration unloadDelay;
  private final Duration memoryReturnDelay;
  private final FakeVram vram;
  private final Duration vramReturnDelay;
  private final FakeMeminfo meminfo;
  private final Clock clock;
  private final ScheduledExecutorService scheduler;
  private final int maxLoaded;

  private final Map<ModelName, FakeResident> resident = new LinkedHashMap<>();

  /**
   * Unloads asked for while a stream from the model was running: a proxy should never cause one.
   */
  private int busyUnloads;

  /** Streams in progress per model: Ollama lets them finish before it stops the runner. */
  private final Map<ModelName, Integer> answering = new HashMap<>();

  /** Memory of models that left the list but that the kernel has not handed back yet. */
  private ByteSize returning = ByteSize.ZERO;

  /** Over-commit, busy unloads and each model's loads, unloads and reloads, as they happen. */
  private final FakeRecord tally;

  /** The machine {@code options} describe; its GPUs are {@code vram}. */
  FakeMachine(FakeOptions options, FakeVram vram, ScheduledExecutorService scheduler) {
    this.total = options.total;
    this.base = options.base;
    this.installed = Map.copyOf(options.installed);
    this.residentSizes = Map.copyOf(options.residentSizes);
    this.shown = Map.copyOf(options.shown);
    this.unloadDelay = options.unloadDelay;
    this.memoryReturnDelay = options.memoryReturnDelay;
    this.vram = vram;
    this.vramReturnDelay = options.vramReturnDelay;
    this.meminfo =
        new FakeMeminfo(Optional.ofNullable(options.procfsRoot), total, options.swapTotal);
    this.clock = options.clock;
    this.scheduler = scheduler;
    this.maxLoaded =
        options.maxLoadedModels > 0
            ? options.maxLoadedModels
            : FakeEvictions.defaultMaxLoaded(options.gpus.size());
    this.tally = new FakeRecord(total, base);
    meminfo.write(used());
  }

  Instant now() {
    return clock.instant();
  }

  synchronized Map<ModelName, ByteSize> installed() {
    return installed;
  }

  boolean isInstalled(ModelName model) {
    return installed.containsKey(model);
  }

  /** The resident models as {@code /api/ps} lists them: latest expiry first. */
  synchronized List<FakeResident> listed() {
    expireLapsed();
    List<FakeResident> list = new ArrayList<>(resident.values());
    list.sort(Comparator.comparing(FakeResident::expiresAt).reversed());
    return list;
  }

  synchronized boolean isServing(ModelName model) {
    expireLapsed();
    FakeResident entry = resident.get(model);
    return entry != null && !entry.stopping();
  }

  /**
   * Marks {@code model} resident at {@code context} tokens for {@code keepAlive} (negative:
   * forever), replacing a stopping entry at once; called once the load delay has passed. A serving
   * entry at another context is replaced too: that is a reload, counted as one (Ollama restarts the
   * runner when a request's {@code num_ctx} differs from the one it was started with). The size is
   * the same at every context: the fake does not model the KV cache.
   */
  synchronized void loaded(ModelName model, Duration keepAlive, int context) {
    loaded(model, keepAlive, context, true);
  }

  /**
   * As {@link #loaded(ModelName, Duration, int)}; {@code onGpus} false keeps every layer in RAM, as
   * Ollama does for a request with {@code options.num_gpu} 0.
   */
  synchronized void loaded(ModelName model, Duration keepAlive, int context, boolean onGpus) {
    FakeResident previous = resident.get(model);
    boolean fresh = previous == null || previous.stopping();
    ByteSize size = residentSizes.getOrDefault(model, installed.get(model));
    resident.put(
        model, new FakeResident(model, size, context, expiry(keepAlive), false, keepAlive));
    if (fresh) {
      tally.loaded(model);
      if (onGpus) {
        vram.place(model, size);
      }
    } else if (previous.context() != context) {
      tally.reloaded(model);
    }
    changed("the load of " + model);
  }

  /**
   * The model Ollama would unload itself next before loading {@code model} (see {@link
   * FakeEvictions}), predicting it at {@code context} as Ollama does ({@link FakePrediction}).
   */
  synchronized Optional<ModelName> nextEviction(ModelName model, int context, boolean onGpus) {
    expireLapsed();
    List<FakeResident> others =
        resident.values().stream().filter(entry -> !entry.name().equals(model)).toList();
    return FakeEvictions.next(
        FakePrediction.of(installed.get(model), Optional.ofNullable(shown.get(model)), context),
        others,
        answering.keySet(),
        vram.readings(),
        onGpus,
        maxLoaded);
  }

  /**
   * Ollama's own eviction of {@code model}: it stops the runner (after its running requests) and
   * waits for it to exit and its VRAM to come back; true once that happened.
   */
  synchronized boolean evictedAndReturned(ModelName model) {
    return !resident.containsKey(model) && vram.settled();
  }

  /** The context {@code model} is serving at, when it is serving. */
  synchronized Optional<Integer> servingContext(ModelName model) {
    expireLapsed();
    FakeResident entry = resident.get(model);
    return entry == null || entry.stopping() ? Optional.empty() : Optional.of(entry.context());
  }

  /** A request used a resident model: its keep-alive starts again, as in Ollama. */
  synchronized void touched(ModelName model, Optional<Duration> keepAlive, Duration fallback) {
    FakeResident entry = resident.get(model);
    if (entry != null && !entry.stopping()) {
      resident.put(
          model,
          new FakeResident(
              model,
              entry.size(),
              entry.context(),
              expiry(keepAlive.orElse(fallback)),
              false,
              keepAlive.orElse(fallback)));
    }
  }

  /**
   * Ollama's keep_alive 0: the model shows as stopping (expiry now) at once and leaves the list the
   * unload delay after its last streamed answer ends; its memory follows after the memory return
   * delay. Returns whether the model was resident.
   */
  synchronized boolean unload(ModelName model) {
    FakeResident entry = resident.get(model);
    if (entry == null) {
      return false;
    }
    if (!entry.stopping()) {
      if (answering.containsKey(model)) {
        tally.busyUnload(); // Ollama waits for the stream; whoever asked evicted a busy model
      }
      stop(entry);
    }
    return true;
  }

  private void stop(FakeResident entry) {
    resident.put(
        entry.name(),
        new FakeResident(
            entry.name(), entry.size(), entry.context(), clock.instant(), true, Duration.ZERO));
    tally.unloaded(entry.name());
    if (!answering.containsKey(entry.name())) {
      scheduleGone(entry.name());
    }
  }

  private void scheduleGone(ModelName model) {
    scheduler.schedule(() -> gone(model), unloadDelay.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** A streamed answer from {@code model} begins. */
  synchronized void answering(ModelName model) {
    answering.merge(model, 1, Integer::sum);
  }

  /**
   * A streamed answer from {@code model} ended; the last one lets a stopping model go, as Ollama
   * waits for running requests before it kills the runner.
   */
  synchronized void answered(ModelName model) {
    if (answering.merge(model, -1, Integer::sum) > 0) {
      return;
    }
    answering.remove(model);
    FakeResident entry = resident.get(model);
    if (entry != null && entry.stopping()) {
      scheduleGone(model);
    }
  }

  /**
   * The runner has exited: {@code /api/ps} lists the model no more, but its memory comes back only
   * after the memory return delay, as the kernel frees a large process's pages. This order is the
   * point: Ollama drops the runner from its list when the process exits, and the kernel returns the
   * pages afterwards, so the memory is returned in a task of its own even with a zero delay. A
   * client (or test) that saw the list empty must still wait for the memory, as smartload does.
   */
  private synchronized void gone(ModelName model) {
    FakeResident entry = resident.get(model);
    if (entry != null && entry.stopping()) {
      resident.remove(model);
      ByteSize ram = ramOf(entry);
      returning = returning.plus(ram);
      scheduler.schedule(() -> returned(ram), memoryReturnDelay.toNanos(), TimeUnit.NANOSECONDS);
      detachVram(model);
    }
  }

  private synchronized void returned(ByteSize size) {
    returning = returning.minusOrZero(size);
    changed("returned memory");
  }

  /** Models whose keep-alive ran out stop by themselves, as in Ollama. */
  private void expireLapsed() {
    Instant now = clock.instant();
    for (FakeResident entry : List.copyOf(resident.values())) {
      if (!entry.stopping() && !entry.expiresAt().isAfter(now)) {
        stop(entry);
      }
    }
  }

  private Instant expiry(Duration keepAlive) {
    // Ollama pins with time.Duration max: an expiry around the year 2318.
    Duration ahead = keepAlive.isNegative() ? Duration.ofNanos(Long.MAX_VALUE) : keepAlive;
    return clock.instant().plus(ahead);
  }

  synchronized ByteSize used() {
    return resident.values().stream().map(this::ramOf).reduce(base.plus(returning), ByteSize::plus);
  }

  /** The RAM part of a resident model: what its GPUs do not hold. */
  private ByteSize ramOf(FakeResident entry) {
    return entry.size().minusOrZero(vram.held(entry.name()));
  }

  /** The VRAM {@code model} holds, as {@code /api/ps} reports it in {@code size_vram}. */
  ByteSize vramOf(ModelName model) {
    return vram.held(model);
  }

  /** Its runner exited: the driver hands its VRAM back after the VRAM return delay. */
  private void detachVram(ModelName model) {
    long[] shares = vram.detach(model);
    scheduler.schedule(() -> vram.free(shares), vramReturnDelay.toNanos(), TimeUnit.NANOSECONDS);
  }

  synchronized ByteSize peakUsed() {
    return tally.peakUsed();
  }

  synchronized boolean everOvercommitted() {
    return tally.overcommitCount() > 0;
  }

  synchronized int overcommits() {
    return tally.overcommitCount();
  }

  synchronized List<String> overcommitRecords() {
    return tally.overcommits();
  }

  synchronized int busyUnloads() {
    return tally.busyUnloads();
  }

  synchronized int loadCount(ModelName model) {
    return tally.loadCount(model);
  }

  synchronized int unloadCount(ModelName model) {
    return tally.unloadCount(model);
  }

  synchronized int reloadCount(ModelName model) {
    return tally.reloadCount(model);
  }

  synchronized ByteSize available() {
    return total.minusOrZero(used());
  }

  private void changed(String cause) {
    tally.used(
        used(),
        clock.instant(),
        cause,
        () -> FakeResident.describe(base, resident.values(), returning));
    meminfo.write(used());
  }

  /**
   * The server and its runners were killed: nothing is resident or answering any more, and the
   * models' memory goes back to the machine after the memory return delay, as the kernel frees a
   * killed process's pages.
   */
  synchronized void killed() {
    ByteSize freed =
        resident.values().stream().map(this::ramOf).reduce(ByteSize.ZERO, ByteSize::plus);
    resident.keySet().forEach(this::detachVram);
    resident.clear();
    answering.clear();
    returning = returning.plus(freed);
    scheduler.schedule(() -> returned(freed), memoryReturnDelay.toNanos(), TimeUnit.NANOSECONDS);
    changed("a kill");
  }
}

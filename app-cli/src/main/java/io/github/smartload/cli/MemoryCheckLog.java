package io.github.smartload.cli;

import io.github.smartload.cli.Messages.Symbol;
import io.github.smartload.core.ByteSize;
import io.github.smartload.core.Decision;
import io.github.smartload.core.Durations;
import io.github.smartload.core.GpuDevice;
import io.github.smartload.core.LoadedModel;
import io.github.smartload.core.MemoryCheck;
import io.github.smartload.core.PlacementSplit;
import io.github.smartload.core.PoolUse;
import io.github.smartload.core.UnloadFailure;
import io.github.smartload.core.footprint.Estimate;
import io.github.smartload.core.footprint.Footprint;
import io.github.smartload.core.footprint.ResolvedContext;
import io.github.smartload.core.port.LoadEvent;
import io.github.smartload.core.port.LoadListener;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Renders a smart load's events as the original's log ("📊 Memory Check:", the numbers, the
 * verdict, each unloaded model, "RAM after unloading"), one line at a time to a consumer. Used by
 * the CLI and by the proxy alike.
 */
public final class MemoryCheckLog implements LoadListener {

  private final Consumer<String> out;
  private final Messages messages;
  private final BigDecimal margin;
  private List<LoadedModel> loaded = List.of();
  private boolean unloadingAnnounced;
  private int unloadedCount;
  private int failedCount;
  private ByteSize unloadingTotal = ByteSize.ZERO;
  private boolean decided;

  /** The requirement of a decision that could not be met even by unloading all that may go. */
  private Optional<ByteSize> wontFit = Optional.empty();

  /**
   * @param out receives each line, without a line break
   * @param margin the policy's safety margin, shown as "with 20% reserve"
   */
  public MemoryCheckLog(Consumer<String> out, Messages messages, BigDecimal margin) {
    this.out = Objects.requireNonNull(out, "out");
    this.messages = Objects.requireNonNull(messages, "messages");
    this.margin = Objects.requireNonNull(margin, "margin");
  }

  @Override
  public void on(LoadEvent event) {
    if (event instanceof LoadEvent.MemoryChecked checked) {
      loaded = checked.loaded();
      decided = false;
      unloadingTotal = ByteSize.ZERO;
      unloadingAnnounced = false;
      unloadedCount = 0;
      failedCount = 0;
    } else if (event instanceof LoadEvent.GpusUnreadable unreadable) {
      line(0, Symbol.WARN, "check.gpus.unreadable", unreadable.error());
    } else if (event instanceof LoadEvent.Decided outcome) {
      decided(outcome.decision(), outcome.estimate());
    } else if (event instanceof LoadEvent.ModelUnloaded unloaded) {
      announceUnloading();
      unloadedCount++;
      line(3, Symbol.BIN, "unload.model", unloaded.model().name());
    } else if (event instanceof LoadEvent.UnloadFailed failed) {
      announceUnloading();
      failedCount++;
      if (failed.reason() instanceof UnloadFailure.StillListed listed) {
        line(
            3,
            Symbol.FAIL,
            "unload.stilllisted",
            failed.model(),
            listed.runtime(),
            Durations.brief(listed.waited()));
      } else {
        line(3, Symbol.FAIL, "unload.failed", failed.model(), JsonReports.reason(failed.reason()));
      }
    } else if (event instanceof LoadEvent.MemoryAfter after) {
      memoryAfter(after);
    } else if (event instanceof LoadEvent.PoolsAfter after && !after.fits()) {
      // RAM may be back while a GPU is not: say which pool still lacks room.
      for (GpuDevice gpu : after.pools().vramPools()) {
        line(0, Symbol.WARN, "memory.after.gpu", gpu, gpu.free());
      }
    } else if (event instanceof LoadEvent.ModelLoaded done) {
      line(0, Symbol.OK, "loaded.model", done.model(), seconds(done.took()), done.keepAlive());
    }
    // WaitingForUnload and LoadStarted are progress, shown on a terminal by LoadProgress.
  }

  private void decided(Decision decision, Optional<Estimate> estimate) {
    MemoryCheck check = decision.check();
    line(0, Symbol.CHECK, "check.header");
    line(3, Symbol.NONE, "check.available", check.available());
    line(3, Symbol.NONE, "check.loaded", check.loadedTotal());
    Optional<Estimate.ByFootprint> byFootprint =
        estimate
            .filter(Estimate.ByFootprint.class::isInstance)
            .map(Estimate.ByFootprint.class::cast);
    if (byFootprint.isPresent()) {
      Footprint parts = byFootprint.get().footprint();
      line(
          3,
          Symbol.NONE,
          "check.new.footprint",
          check.target(),
          parts.weights(),
          parts.kvCache(),
          String.valueOf(tokens(byFootprint.get().context())),
          parts.buffers());
    } else {
      // A margin fallback keeps the original's lines, and says why when facts were missing.
      line(3, Symbol.NONE, "check.new", check.target(), check.size());
      estimate
          .filter(Estimate.ByMargin.class::isInstance)
          .map(e -> ((Estimate.ByMargin) e).missing())
          .filter(missing -> !missing.isEmpty())
          .ifPresent(missing -> line(3, Symbol.NONE, "check.fallback", String.join(", ", missing)));
    }
    pools(check);
    OllamaEvictionLines.write(check, estimate, this::line);
    String verdict =
        byFootprint.map(e -> String.valueOf(tokens(e.context()))).orElse(reservePercent());
    String suffix = byFootprint.isPresent() ? ".footprint" : "";
    if (decision instanceof Decision.AlreadyLoaded) {
      line(0, Symbol.OK, "already.verdict", check.target());
    } else if (decision instanceof Decision.SmallModel small) {
      line(0, Symbol.OK, "small.verdict", small.threshold());
    } else if (decision instanceof Decision.Fits) {
      if (check.pools().isEmpty()) {
        line(0, Symbol.OK, "fits.verdict" + suffix, check.available(), check.required(), verdict);
      } else {
        // With GPUs, say where it goes: "Enough RAM!" reads as if it went to RAM.
        line(
            0,
            Symbol.OK,
            "fits.verdict.pools",
            PoolsVerdict.where(check, messages),
            basis(suffix, verdict));
      }
      line(3, Symbol.NONE, "fits.detail");
    } else if (!OllamaEvictionLines.verdict(decision, this::line)) {
      shortVerdict(decision, suffix, verdict);
    }
    decided = true;
    wontFit =
        decision instanceof Decision.WontFit ? Optional.of(check.required()) : Optional.empty();
    unloadingTotal = LoadedModel.totalRam(decision.toUnload());
    unloadingAnnounced = false;
    unloadedCount = 0;
    failedCount = 0;
  }

  /**
   * Why models must go and, for a wont-fit, why that is not enough. With GPUs each names the pools
   * short (the GPUs under --placement gpu, RAM); without, the RAM-only lines.
   */
  private void shortVerdict(Decision decision, String suffix, String verdict) {
    MemoryCheck check = decision.check();
    Optional<String> shortNow = PoolsVerdict.shortOf(check, messages, false);
    if (shortNow.isPresent()) {
      line(0, Symbol.WARN, "short.verdict.pools", shortNow.get(), basis(suffix, verdict));
    } else {
      line(0, Symbol.WARN, "short.verdict" + suffix, check.available(), check.required(), verdict);
    }
    line(0, Symbol.LARGE, "unload.large", check.target(), check.size());
    if (!(decision instanceof Decision.WontFit wontFit)) {
      return;
    }
    Optional<String> shortAfter = PoolsVerdict.shortOf(check, messages, true);
    if (shortAfter.isPresent()) {
      line(0, Symbol.FAIL, "wontfit.verdict.pools", shortAfter.get());
    } else {
      line(
          0, Symbol.FAIL, "wontfit.verdict", wontFit.shortfall(), wontFit.expectedAvailableAfter());
    }
  }

  /** "with 20% reserve" or "footprint at 32768 tokens", as the verdicts with GPUs end. */
  private String basis(String suffix, String verdict) {
    return messages.text(
        suffix.isEmpty() ? "phrase.fits.reserve" : "phrase.fits.footprint", verdict);
  }

  /**
   * One line per memory pool when there are GPUs: the RAM part, then each GPU's share. Without a
   * discrete GPU there are no pools and the log is the RAM-only one.
   */
  private void pools(MemoryCheck check) {
    for (PoolUse pool : check.pools()) {
      String kind = pool.isGpu() ? "gpu" : "ram";
      // What it needs is the placement after the decided unloads: say what they give back, lest
      // "13.8 GB free, needs 16.8 GB" read as not fitting.
      String free =
          pool.freedByUnload()
              ? messages.text("phrase.pool." + kind + ".after", pool.free(), pool.freeAfterUnload())
              : messages.text("phrase.pool." + kind + ".free", pool.free());
      if (pool.split() == PlacementSplit.WHOLE) {
        // Placed by its size: no layer count to show, only which pool holds the whole model.
        String key = "check.pool." + kind + (pool.holdsAny() ? ".whole" : ".none");
        if (pool.isGpu()) {
          line(3, Symbol.NONE, key, pool.pool(), free, pool.needs());
        } else {
          line(3, Symbol.NONE, key, free, pool.needs());
        }
      } else if (pool.isGpu()) {
        line(
            3,
            Symbol.NONE,
            "check.pool.gpu",
            pool.pool(),
            free,
            pool.needs(),
            pool.layers(),
            pool.totalLayers());
      } else {
        line(
            3,
            Symbol.NONE,
            "check.pool.ram",
            free,
            pool.needs(),
            pool.layers(),
            pool.totalLayers());
      }
    }
  }

  /** The original announces the unloading once, before the first model goes. */
  private void announceUnloading() {
    if (unloadingAnnounced) {
      return;
    }
    unloadingAnnounced = true;
    if (decided) {
      line(0, Symbol.SWEEP, "unload.start", unloadingTotal);
    } else {
      // An explicit unload: its targets are the operator's choice, the original's plain line.
      line(0, Symbol.SWEEP, "unload.begin");
    }
  }

  private void memoryAfter(LoadEvent.MemoryAfter after) {
    if (unloadedCount > 0 && failedCount == 0 && unloadedCount >= loaded.size()) {
      line(0, Symbol.SWEEP, "unload.all");
    } else if (unloadedCount > 0) {
      line(0, Symbol.SWEEP, "unload.some", unloadedCount, loaded.size());
    }
    // Without a decision (an explicit unload) there is no requirement to meet: the figure is news.
    if (after.recovered() || !decided) {
      line(0, Symbol.OK, "memory.after", after.memory().available());
    } else if (wontFit.isPresent()) {
      // The requirement was never within reach: the memory is short, not late.
      line(0, Symbol.WARN, "memory.after.wontfit", after.memory().available(), wontFit.get());
    } else {
      line(0, Symbol.WARN, "memory.after.short", after.memory().available());
    }
  }

  /** The whole context llama.cpp allocates: per sequence x sequences. */
  private static long tokens(ResolvedContext context) {
    return (long) context.numCtx() * context.parallel();
  }

  private String reservePercent() {
    return margin.subtract(BigDecimal.ONE).movePointRight(2).stripTrailingZeros().toPlainString();
  }

  private static String seconds(Duration took) {
    return BigDecimal.valueOf(took.toMillis()).movePointLeft(3).setScale(1, RoundingMode.HALF_UP)
        + " s";
  }

  /** Writes one line of the log. */
  interface Line {
    void write(int indent, Symbol symbol, String key, Object... args);
  }

  private void line(int indent, Symbol symbol, String key, Object... args) {
    out.accept(messages.line(indent, symbol, key, args));
  }
}

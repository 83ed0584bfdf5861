package io.github.smartload.cli;

import io.github.smartload.core.ByteSize;
import io.github.smartload.core.KeepAlive;
import io.github.smartload.core.LoadPolicy;
import io.github.smartload.core.LoadedModel;
import io.github.smartload.core.MemoryPressure;
import io.github.smartload.core.MemorySnapshot;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The original's troubleshooting as checks, each a pure function of what was read, so that every
 * verdict can be tested without a machine in that state.
 */
final class DoctorChecks {

  /** The original's hardware minimums: 16 GB for small models, 32 GB for large ones. */
  static final ByteSize MINIMUM_SMALL = ByteSize.ofGigabytes("16");

  static final ByteSize MINIMUM_LARGE = ByteSize.ofGigabytes("32");

  /** Ollama's own default keep-alive when OLLAMA_KEEP_ALIVE is not set. */
  static final KeepAlive OLLAMA_DEFAULT = new KeepAlive(Duration.ofMinutes(5));

  private DoctorChecks() {}

  static DoctorCheck swap(MemorySnapshot memory) {
    if (memory.swapTotal().bytes() == 0) {
      return DoctorCheck.ok("swap", "no swap configured");
    }
    if (memory.swapUsed().bytes() > 0) {
      return DoctorCheck.warn(
          "swap",
          memory.swapUsed() + " of " + memory.swapTotal() + " swap in use: inference slows ~10x",
          "free RAM: smartload unload MODEL, or load smaller models (swapoff -a && swapon -a empties"
              + " it)");
    }
    return DoctorCheck.ok("swap", "none of " + memory.swapTotal() + " swap in use");
  }

  static DoctorCheck pressure(Optional<MemoryPressure> pressure) {
    if (pressure.isEmpty()) {
      return DoctorCheck.ok("memory pressure", "not reported by this kernel (no PSI)");
    }
    MemoryPressure psi = pressure.get();
    String seen =
        String.format(
            Locale.ROOT,
            "some %.2f%%, full %.2f%% of the last 10 s waiting for memory",
            psi.someAvg10(),
            psi.fullAvg10());
    if (psi.fullAvg10() >= 5) {
      return DoctorCheck.fail(
          "memory pressure", seen, "the machine is thrashing: smartload unload --all, then reload");
    }
    if (psi.someAvg10() >= 10) {
      return DoctorCheck.warn(
          "memory pressure", seen, "unload a model you do not need: smartload unload MODEL");
    }
    return DoctorCheck.ok("memory pressure", seen);
  }

  static DoctorCheck ram(MemorySnapshot memory) {
    ByteSize total = memory.total();
    String seen = total + " total (" + memory.source() + ")";
    if (total.isLessThan(MINIMUM_SMALL)) {
      return DoctorCheck.fail(
          "RAM",
          seen + ", below the 16 GB minimum even for small models",
          "add RAM: 32 GB recommended");
    }
    if (total.isLessThan(MINIMUM_LARGE)) {
      return DoctorCheck.warn(
          "RAM",
          seen + ", below the 32 GB large models (> 10 GB) need",
          "use models below 10 GB, or add RAM: 32 GB recommended");
    }
    return DoctorCheck.ok("RAM", seen);
  }

  /**
   * Ollama's own keep-alive applies to every request that does not send one: shorter than
   * smartload's, models that smartload loaded for 15m expire early after the next plain request.
   */
  static DoctorCheck keepAlive(
      boolean unitFound, Optional<SystemdUnit.Assignment> setting, KeepAlive configured) {
    String name = "OLLAMA_KEEP_ALIVE";
    String fix =
        "systemctl edit ollama, add [Service] Environment=\"OLLAMA_KEEP_ALIVE="
            + configured.toGoDuration()
            + "\", then systemctl restart ollama";
    if (!unitFound) {
      return DoctorCheck.ok(name, "no ollama.service systemd unit found: not checked");
    }
    if (setting.isEmpty()) {
      return shorter(configured, OLLAMA_DEFAULT)
          ? DoctorCheck.warn(
              name,
              "not set in ollama.service: Ollama's default 5m is shorter than smartload's "
                  + configured,
              fix)
          : DoctorCheck.ok(name, "not set: Ollama's default 5m");
    }
    String value = setting.get().value();
    Optional<KeepAlive> server = ollamaKeepAlive(value);
    String where = name + "=" + value + " in " + setting.get().file();
    if (server.isEmpty()) {
      return DoctorCheck.warn(name, where + " is not a duration: Ollama uses 5m", fix);
    }
    if (shorter(configured, server.get())) {
      return DoctorCheck.warn(
          name, where + " is shorter than smartload's keep-alive " + configured, fix);
    }
    return DoctorCheck.ok(name, where);
  }

  /** Models resident together that, with the margin, need more than the machine has. */
  static DoctorCheck together(List<LoadedModel> loaded, MemorySnapshot memory, LoadPolicy policy) {
    String name = "loaded models";
    if (loaded.isEmpty()) {
      return DoctorCheck.ok(name, "no model is loaded");
    }
    ByteSize held = loaded.stream().map(LoadedModel::ram).reduce(ByteSize.ZERO, ByteSize::plus);
    ByteSize needed = policy.required(held);
    String names = loaded.stream().map(m -> m.name().toString()).collect(Collectors.joining(" + "));
    if (memory.total().isLessThan(needed)) {
      return DoctorCheck.warn(
          name,
          names
              + " hold "
              + held
              + "; with the reserve they need "
              + needed
              + ", more than the "
              + memory.total()
              + " total",
          "unload one: smartload unload MODEL, and load through smartload load");
    }
    return DoctorCheck.ok(name, names + " hold " + held + ", fit together in " + memory.total());
  }

  /** As Ollama reads it: a Go duration, else whole seconds; negative means forever. */
  static Optional<KeepAlive> ollamaKeepAlive(String value) {
    try {
      return Optional.of(KeepAlive.parse(value));
    } catch (IllegalArgumentException notADuration) {
      try {
        return Optional.of(new KeepAlive(Duration.ofSeconds(Long.parseLong(value.strip()))));
      } catch (NumberFormatException notSeconds) {
        return Optional.empty();
      }
    }
  }

  private static boolean shorter(KeepAlive configured, KeepAlive server) {
    if (server.isForever()) {
      return false;
    }
    return configured.isForever() || server.duration().compareTo(configured.duration()) < 0;
  }
}

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
 * verdict can be tested without a machine in that state. The wording comes from the message
 * bundles, in the operator's language; the check's name stays the English one the JSON reports.
 */
final class DoctorChecks {

  /** The original's hardware minimums: 16 GB for small models, 32 GB for large ones. */
  static final ByteSize MINIMUM_SMALL = ByteSize.ofGigabytes("16");

  static final ByteSize MINIMUM_LARGE = ByteSize.ofGigabytes("32");

  /** Ollama's own default keep-alive when OLLAMA_KEEP_ALIVE is not set. */
  static final KeepAlive OLLAMA_DEFAULT = new KeepAlive(Duration.ofMinutes(5));

  private DoctorChecks() {}

  static DoctorCheck swap(MemorySnapshot memory, Messages text) {
    if (memory.swapTotal().bytes() == 0) {
      return DoctorCheck.ok("swap", text.text("doctor.swap.none"));
    }
    if (memory.swapUsed().bytes() > 0) {
      return DoctorCheck.warn(
          "swap",
          text.text("doctor.swap.used", memory.swapUsed(), memory.swapTotal()),
          text.text("doctor.swap.used.fix"));
    }
    return DoctorCheck.ok("swap", text.text("doctor.swap.free", memory.swapTotal()));
  }

  static DoctorCheck pressure(Optional<MemoryPressure> pressure, Messages text) {
    if (pressure.isEmpty()) {
      return DoctorCheck.ok("memory pressure", text.text("doctor.pressure.none"));
    }
    MemoryPressure psi = pressure.get();
    String seen =
        text.text(
            "doctor.pressure.seen",
            String.format(Locale.ROOT, "%.2f", psi.someAvg10()),
            String.format(Locale.ROOT, "%.2f", psi.fullAvg10()));
    if (psi.fullAvg10() >= 5) {
      return DoctorCheck.fail("memory pressure", seen, text.text("doctor.pressure.full.fix"));
    }
    if (psi.someAvg10() >= 10) {
      return DoctorCheck.warn("memory pressure", seen, text.text("doctor.pressure.some.fix"));
    }
    return DoctorCheck.ok("memory pressure", seen);
  }

  static DoctorCheck ram(MemorySnapshot memory, Messages text) {
    ByteSize total = memory.total();
    String seen = text.text("doctor.ram.seen", total, text.source(memory.source()));
    if (total.isLessThan(MINIMUM_SMALL)) {
      return DoctorCheck.fail(
          "RAM", text.text("doctor.ram.small", seen), text.text("doctor.ram.small.fix"));
    }
    if (total.isLessThan(MINIMUM_LARGE)) {
      return DoctorCheck.warn(
          "RAM", text.text("doctor.ram.large", seen), text.text("doctor.ram.large.fix"));
    }
    return DoctorCheck.ok("RAM", seen);
  }

  /**
   * Ollama's own keep-alive applies to every request that does not send one: shorter than
   * smartload's, models that smartload loaded for 15m expire early after the next plain request.
   */
  static DoctorCheck keepAlive(
      boolean unitFound,
      Optional<SystemdUnit.Assignment> setting,
      KeepAlive configured,
      Messages text) {
    String name = "OLLAMA_KEEP_ALIVE";
    String fix = text.text("doctor.keepalive.fix", configured.toGoDuration());
    if (!unitFound) {
      return DoctorCheck.ok(name, text.text("doctor.keepalive.nounit"));
    }
    if (setting.isEmpty()) {
      return shorter(configured, OLLAMA_DEFAULT)
          ? DoctorCheck.warn(name, text.text("doctor.keepalive.default.short", configured), fix)
          : DoctorCheck.ok(name, text.text("doctor.keepalive.default"));
    }
    String value = setting.get().value();
    Optional<KeepAlive> server = ollamaKeepAlive(value);
    String where = text.text("doctor.keepalive.where", name, value, setting.get().file());
    if (server.isEmpty()) {
      return DoctorCheck.warn(name, text.text("doctor.keepalive.bad", where), fix);
    }
    if (shorter(configured, server.get())) {
      return DoctorCheck.warn(name, text.text("doctor.keepalive.short", where, configured), fix);
    }
    return DoctorCheck.ok(name, where);
  }

  /** Models resident together that, with the margin, need more than the machine has. */
  static DoctorCheck together(
      List<LoadedModel> loaded, MemorySnapshot memory, LoadPolicy policy, Messages text) {
    String name = "loaded models";
    if (loaded.isEmpty()) {
      return DoctorCheck.ok(name, text.text("doctor.together.none"));
    }
    ByteSize held = loaded.stream().map(LoadedModel::ram).reduce(ByteSize.ZERO, ByteSize::plus);
    ByteSize needed = policy.required(held);
    String names = loaded.stream().map(m -> m.name().toString()).collect(Collectors.joining(" + "));
    if (memory.total().isLessThan(needed)) {
      return DoctorCheck.warn(
          name,
          text.text("doctor.together.tight", names, held, needed, memory.total()),
          text.text("doctor.together.tight.fix"));
    }
    return DoctorCheck.ok(name, text.text("doctor.together.fit", names, held, memory.total()));
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

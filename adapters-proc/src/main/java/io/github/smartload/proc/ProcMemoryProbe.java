package io.github.smartload.proc;

import io.github.smartload.core.ByteSize;
import io.github.smartload.core.MemoryPressure;
import io.github.smartload.core.MemorySnapshot;
import io.github.smartload.core.MemorySource;
import io.github.smartload.core.port.MemoryProbe;
import io.github.smartload.core.port.MemoryProbeException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Linux's memory, as a model about to load will see it: the host's {@code MemAvailable} from
 * meminfo, narrowed by the memory limit of the Ollama server's cgroup (v2 or v1) when it has one,
 * with swap and memory pressure. Each {@link #read()} reads the files afresh; it is cheap.
 *
 * <p>The roots are configurable like node_exporter's {@code --path.procfs}/{@code --path.sysfs}, so
 * tests, and hosts that mount another machine's /proc, can point the probe elsewhere.
 */
public final class ProcMemoryProbe implements MemoryProbe {

  private final Path procfsRoot;
  private final Path meminfo;
  private final CgroupLocator cgroups;

  /**
   * @param procfsRoot where procfs is mounted, usually {@code /proc}
   * @param sysfsRoot where sysfs is mounted, usually {@code /sys}
   * @param cgroup a cgroup path as written in {@code /proc/PID/cgroup} (e.g. {@code
   *     /system.slice/ollama.service}), resolved under {@code <sysfs>/fs/cgroup} (v2) or {@code
   *     <sysfs>/fs/cgroup/memory} (v1); empty to use the cgroup of the process named {@code
   *     ollama}, else this process's own
   */
  public ProcMemoryProbe(Path procfsRoot, Path sysfsRoot, Optional<String> cgroup) {
    this(procfsRoot, sysfsRoot, cgroup, LastSeenCgroup.inMemory());
  }

  /**
   * As above, remembering the cgroup the {@code ollama} server was last seen in through {@code
   * lastSeen}, so that while it is not running memory is still read from there.
   */
  public ProcMemoryProbe(
      Path procfsRoot, Path sysfsRoot, Optional<String> cgroup, LastSeenCgroup lastSeen) {
    this(procfsRoot, sysfsRoot, cgroup, System::nanoTime, lastSeen);
  }

  /** As the public constructor, with the monotonic clock that paces scans for ollama. */
  ProcMemoryProbe(Path procfsRoot, Path sysfsRoot, Optional<String> cgroup, LongSupplier nanoTime) {
    this(procfsRoot, sysfsRoot, cgroup, nanoTime, LastSeenCgroup.inMemory());
  }

  private ProcMemoryProbe(
      Path procfsRoot,
      Path sysfsRoot,
      Optional<String> cgroup,
      LongSupplier nanoTime,
      LastSeenCgroup lastSeen) {
    this.procfsRoot = Objects.requireNonNull(procfsRoot, "procfsRoot");
    Objects.requireNonNull(sysfsRoot, "sysfsRoot");
    Objects.requireNonNull(cgroup, "cgroup");
    this.meminfo = procfsRoot.resolve("meminfo");
    this.cgroups =
        new CgroupLocator(
            procfsRoot,
            sysfsRoot,
            cgroup.filter(c -> !c.isBlank()),
            Objects.requireNonNull(nanoTime),
            Objects.requireNonNull(lastSeen, "lastSeen"));
  }

  /** The probe of the machine it runs on: {@code /proc}, {@code /sys}, no cgroup named. */
  public static ProcMemoryProbe ofHost() {
    return new ProcMemoryProbe(Path.of("/proc"), Path.of("/sys"), Optional.empty());
  }

  /**
   * @throws MemoryProbeException with a one-line message naming the file and field at fault
   */
  @Override
  public MemorySnapshot read() {
    String text =
        ProcFile.readIfPresent(meminfo)
            .orElseThrow(
                () ->
                    new MemoryProbeException(
                        "no meminfo under "
                            + procfsRoot
                            + ": is this Linux, or is --procfs wrong?"));
    Meminfo fields = Meminfo.parse(text, meminfo);
    ByteSize watermarks =
        fields.has("MemAvailable")
            ? ByteSize.ZERO
            : ZoneWatermarks.read(procfsRoot.resolve("zoneinfo"));
    HostMemory host = HostMemory.from(fields, watermarks);
    CgroupLocator.Located located = cgroups.locate();
    Optional<MemoryPressure> pressure =
        Pressure.read(procfsRoot.resolve("pressure").resolve("memory"));
    MemorySnapshot snapshot = snapshot(host, located.limit(), pressure);
    return switch (located.whose()) {
      case LAST_KNOWN -> relabel(snapshot, MemorySource.Kind.LAST_KNOWN_CGROUP, located);
      case OWN ->
          ownCgroupWon(snapshot)
              ? relabel(snapshot, MemorySource.Kind.OWN_CGROUP, located)
              : snapshot;
      case NAMED, RUNTIME -> snapshot;
    };
  }

  private static boolean ownCgroupWon(MemorySnapshot snapshot) {
    MemorySource.Kind kind = snapshot.source().kind();
    return kind == MemorySource.Kind.CGROUP_V2 || kind == MemorySource.Kind.CGROUP_V1;
  }

  /** The same figures, said to come from the last known or this process's own cgroup. */
  private static MemorySnapshot relabel(
      MemorySnapshot snapshot, MemorySource.Kind kind, CgroupLocator.Located located) {
    String detail = located.note().orElse(snapshot.source().detail());
    if (kind == MemorySource.Kind.LAST_KNOWN_CGROUP) {
      detail += " (the runtime is not running)";
    }
    return new MemorySnapshot(
        snapshot.total(),
        snapshot.available(),
        snapshot.swapTotal(),
        snapshot.swapFree(),
        new MemorySource(kind, detail),
        snapshot.pressure());
  }

  /**
   * available = min(host available, limit - working set); the source is whichever gave it. The
   * total is the smaller of the host's RAM and the limit, the most a model could ever have.
   */
  private MemorySnapshot snapshot(
      HostMemory host, Optional<CgroupLimit> limit, Optional<MemoryPressure> pressure) {
    MemorySource.Kind hostKind =
        host.estimated() ? MemorySource.Kind.HOST_ESTIMATE : MemorySource.Kind.HOST;
    if (limit.isEmpty()) {
      return new MemorySnapshot(
          host.total(),
          host.available(),
          host.swapTotal(),
          host.swapFree(),
          new MemorySource(hostKind, meminfo.toString()),
          pressure);
    }
    CgroupLimit cgroup = limit.get();
    ByteSize total = min(host.total(), cgroup.limit());
    MemorySource source =
        cgroup.room().isLessThan(host.available())
            ? new MemorySource(cgroup.kind(), cgroup.dir().toString())
            : new MemorySource(hostKind, meminfo + " within cgroup " + cgroup.dir());
    return new MemorySnapshot(
        total,
        min(host.available(), cgroup.room()),
        host.swapTotal(),
        host.swapFree(),
        source,
        pressure);
  }

  private static ByteSize min(ByteSize a, ByteSize b) {
    return a.isLessThan(b) ? a : b;
  }
}

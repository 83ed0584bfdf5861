package io.github.smartload.proc;

import io.github.smartload.core.MemorySnapshot;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What one {@link ProcMemoryProbe#read()} costs: against recorded roots (a plain host, and an
 * ollama server in a limited cgroup, which adds the process and cgroup files) and against this
 * machine's real /proc. Run by {@code bench/proc-probe.sh}, never by the build.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ProcMemoryProbeBenchmark {

  @Param({"host-32g", "ollama-limited", "real"})
  public String root;

  private ProcMemoryProbe probe;

  @Setup
  public void setUp() {
    probe =
        root.equals("real")
            ? ProcMemoryProbe.ofHost()
            : Fixtures.probe(Fixtures.root(root), Optional.empty());
    // Fail before measuring if the root does not read: a benchmark of an exception is no use.
    probe.read();
  }

  @Benchmark
  public MemorySnapshot read() {
    return probe.read();
  }
}

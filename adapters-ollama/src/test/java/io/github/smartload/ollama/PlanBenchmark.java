package io.github.smartload.ollama;

import com.squareup.moshi.Moshi;
import io.github.smartload.core.ByteSize;
import io.github.smartload.core.Decision;
import io.github.smartload.core.LoadPolicy;
import io.github.smartload.core.MemorySnapshot;
import io.github.smartload.core.ModelName;
import io.github.smartload.core.SizeSource;
import io.github.smartload.core.footprint.Estimate;
import io.github.smartload.core.footprint.ServerSettings;
import io.github.smartload.core.load.LoadPlanner;
import io.github.smartload.core.load.LoadRequest;
import io.github.smartload.core.load.LoadTiming;
import io.github.smartload.core.port.LoadEvent;
import io.github.smartload.core.port.LoadListener;
import io.github.smartload.core.size.EstimateMode;
import io.github.smartload.core.size.Requirements;
import io.github.smartload.core.size.TableThenRuntime;
import io.github.smartload.ollama.fake.FakeOllama;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.OkHttpClient;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One preflight by footprint, with the model's facts cached: {@code /api/ps} and {@code /api/tags}
 * from a local server (the fake Ollama on loopback), the footprint at 32768 tokens, the decision.
 * Run by {@code bench/plan.sh}, never by the build.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class PlanBenchmark {

  private FakeOllama ollama;
  private LoadPlanner planner;
  private LoadRequest request;
  private OllamaRuntime runtime;

  @Setup
  public void setUp() throws IOException {
    ollama =
        FakeOllama.builder()
            .totalMemory(ByteSize.ofGigabytes("32"))
            .baseUsage(ByteSize.ofGigabytes("8"))
            .install("qwen3:8b", ByteSize.ofGigabytes("5.2"))
            .install("llama3.1:8b", ByteSize.ofGigabytes("4.9"))
            .showAnswer(
                "llama3.1:8b",
                Files.readString(
                    Path.of("adapters-ollama/src/test/resources/ollama/show/llama3.1-8b.json")))
            .start()
            .preload("qwen3:8b");
    runtime =
        new OllamaRuntime(
            new OkHttpClient(),
            new Moshi.Builder().build(),
            ollama.url(),
            OllamaTimeouts.defaults());
    LoadPolicy policy = LoadPolicy.defaults();
    Requirements requirements =
        new Requirements(
            new TableThenRuntime(policy.sizeTable(), SizeSource.TABLE_AND_RUNTIME, runtime),
            runtime,
            policy.margin(),
            EstimateMode.AUTO,
            ServerSettings.defaults());
    planner =
        new LoadPlanner(
            () -> MemorySnapshot.given(ByteSize.ofGigabytes("18")),
            runtime,
            policy,
            requirements,
            LoadTiming.defaults());
    request = LoadRequest.of(ModelName.parse("llama3.1:8b")).withNumCtx(32768);
    // Fail before measuring unless the plan decides by footprint (and so reads the facts once).
    AtomicReference<LoadEvent.Decided> decided = new AtomicReference<>();
    planner.plan(
        request,
        event -> {
          if (event instanceof LoadEvent.Decided d) {
            decided.set(d);
          }
        });
    if (!(decided.get().estimate().orElseThrow() instanceof Estimate.ByFootprint)) {
      throw new IllegalStateException("the benchmark's plan did not decide by footprint");
    }
  }

  @TearDown
  public void tearDown() {
    ollama.close();
  }

  /** One {@code /api/ps} alone: what of a plan is the server's round trip. */
  @Benchmark
  public Object ps() {
    return runtime.loadedModels();
  }

  /** {@code /api/tags} and the cached facts alone. */
  @Benchmark
  public Object facts() {
    return runtime.installedModel(request.model());
  }

  @Benchmark
  public Decision plan() {
    return planner.plan(request, LoadListener.NONE);
  }
}

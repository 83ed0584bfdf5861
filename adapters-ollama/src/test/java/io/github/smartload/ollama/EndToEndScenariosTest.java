package io.github.smartload.ollama;

import static org.assertj.core.api.Assertions.assertThat;

import com.squareup.moshi.Moshi;
import io.github.smartload.core.ByteSize;
import io.github.smartload.core.Decision;
import io.github.smartload.core.LoadPolicy;
import io.github.smartload.core.LoadedModel;
import io.github.smartload.core.ModelName;
import io.github.smartload.core.load.LoadRequest;
import io.github.smartload.core.load.LoadResult;
import io.github.smartload.core.load.SmartLoader;
import io.github.smartload.core.port.LoadEvent;
import io.github.smartload.ollama.fake.FakeOllama;
import io.github.smartload.proc.ProcMemoryProbe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The original's three scenarios, end to end: the real {@link ProcMemoryProbe} reads the meminfo
 * the fake Ollama mirrors, the real {@link OllamaRuntime} talks HTTP to it, and {@link SmartLoader}
 * decides with the default policy. No core stubs.
 */
class EndToEndScenariosTest {

  private static final ByteSize TOTAL = ByteSize.ofGigabytes("32");

  @TempDir Path procfs;
  @TempDir Path sysfs;

  private final List<LoadEvent> events = new ArrayList<>();
  private FakeOllama fake;

  @AfterEach
  void stop() {
    if (fake != null) {
      fake.close();
    }
  }

  /** A 32 GB machine whose OS and other programs use {@code base}, with the scenarios' models. */
  private FakeOllama machine(String base) {
    fake =
        FakeOllama.builder()
            .totalMemory(TOTAL)
            .baseUsage(ByteSize.ofGigabytes(base))
            .install("qwen3:1.7b", ByteSize.ofGigabytes("1.4"))
            .residentSize("qwen3:1.7b", ByteSize.ofGigabytes("2.0"))
            .install("qwen3:8b", ByteSize.ofGigabytes("5.2"))
            .residentSize("qwen3:8b", ByteSize.ofGigabytes("5.7"))
            .install("qwen2.5:14b", ByteSize.ofGigabytes("9"))
            .install("qwen2.5:32b", ByteSize.ofGigabytes("19"))
            .unloadDelay(Duration.ofMillis(200))
            .procfsRoot(procfs)
            .start();
    return fake;
  }

  private SmartLoader loader() throws Exception {
    Files.createDirectories(sysfs);
    OllamaRuntime runtime =
        new OllamaRuntime(
            new OkHttpClient(), new Moshi.Builder().build(), fake.url(), OllamaTimeouts.defaults());
    return SmartLoader.builder(new ProcMemoryProbe(procfs, sysfs, Optional.empty()), runtime)
        .policy(LoadPolicy.defaults())
        .pollInterval(Duration.ofMillis(20))
        .unloadDeadline(Duration.ofSeconds(10))
        .build();
  }

  private List<String> keepAlivesSentTo(String model) {
    return fake.requests("/api/generate").stream()
        .map(FakeOllama.Request::body)
        .filter(body -> body.contains("\"model\":\"" + model + "\""))
        .toList();
  }

  @Test
  void scenario1ASmallModelLoadsWithoutUnloading() throws Exception {
    machine("6.5"); // 25.5 GB available, nothing loaded

    LoadResult result = loader().load(LoadRequest.of(ModelName.parse("qwen3:1.7b")), events::add);

    assertThat(result.decision()).isInstanceOf(Decision.SmallModel.class);
    assertThat(result.decision().check().available()).hasToString("25.5 GB");
    assertThat(result.decision().check().required()).isEqualTo(ByteSize.ofGigabytes("1.68"));
    assertThat(result.outcome()).isEqualTo(LoadResult.Outcome.LOADED);
    assertThat(result.unloaded()).isEmpty();
    assertThat(fake.residentModels()).containsExactly(ModelName.parse("qwen3:1.7b"));
    assertThat(keepAlivesSentTo("qwen3:1.7b")).singleElement().asString().contains("\"15m\"");
    assertThat(fake.everOvercommitted()).isFalse();
  }

  @Test
  void scenario2ALargeModelThatFitsLoadsBesideTheResidentOne() throws Exception {
    machine("4.5").preload("qwen3:1.7b"); // 2.0 GB resident, 25.5 GB available

    LoadResult result = loader().load(LoadRequest.of(ModelName.parse("qwen2.5:14b")), events::add);

    assertThat(result.decision()).isInstanceOf(Decision.Fits.class);
    assertThat(result.decision().check().available()).hasToString("25.5 GB");
    assertThat(result.decision().check().required()).isEqualTo(ByteSize.ofGigabytes("10.8"));
    assertThat(result.outcome()).isEqualTo(LoadResult.Outcome.LOADED);
    assertThat(fake.residentModels())
        .containsExactlyInAnyOrder(ModelName.parse("qwen3:1.7b"), ModelName.parse("qwen2.5:14b"));
    assertThat(fake.unloadCount("qwen3:1.7b")).isZero();
    assertThat(fake.everOvercommitted()).isFalse();
  }

  @Test
  void scenario3ATightFitUnloadsTheResidentModelThenLoadsWithoutSwapping() throws Exception {
    machine("8.3").preload("qwen3:8b"); // 5.7 GB resident, 18.0 GB available

    LoadResult result = loader().load(LoadRequest.of(ModelName.parse("qwen2.5:32b")), events::add);

    Decision decision = result.decision();
    assertThat(decision).isInstanceOf(Decision.Unload.class);
    assertThat(decision.check().available()).hasToString("18.0 GB");
    assertThat(decision.check().required()).isEqualTo(ByteSize.ofGigabytes("22.8"));
    assertThat(decision.toUnload())
        .extracting(LoadedModel::name, LoadedModel::size)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                ModelName.parse("qwen3:8b"), ByteSize.ofGigabytes("5.7")));
    assertThat(result.outcome()).isEqualTo(LoadResult.Outcome.LOADED);
    assertThat(result.unloaded())
        .extracting(LoadedModel::name)
        .containsExactly(ModelName.parse("qwen3:8b"));
    assertThat(result.memoryAfter())
        .get()
        .extracting(m -> m.available().toString())
        .isEqualTo("23.7 GB");

    List<String> unloads = keepAlivesSentTo("qwen3:8b");
    assertThat(unloads).singleElement().asString().contains("\"keep_alive\":0");
    assertThat(keepAlivesSentTo("qwen2.5:32b"))
        .singleElement()
        .asString()
        .contains("\"keep_alive\":\"15m\"");
    assertThat(fake.residentModels()).containsExactly(ModelName.parse("qwen2.5:32b"));
    assertThat(fake.everOvercommitted()).isFalse();
    assertThat(fake.peakUsed()).isEqualTo(ByteSize.ofGigabytes("27.3"));
    assertThat(events)
        .filteredOn(LoadEvent.MemoryAfter.class::isInstance)
        .singleElement()
        .extracting(e -> ((LoadEvent.MemoryAfter) e).recovered())
        .isEqualTo(true);
  }

  @Test
  void aModelOllamaIsAlreadyStoppingIsAwaitedWithItsMemoryNotReplacedByAnotherUnload()
      throws Exception {
    machine("6.2").preload("qwen3:8b").preload("qwen3:1.7b"); // 18.1 GB available
    SmartLoader loader = loader();
    // Someone else asked Ollama to unload qwen3:8b just before: 5.7 GB are on their way back.
    new OllamaRuntime(
            new OkHttpClient(), new Moshi.Builder().build(), fake.url(), OllamaTimeouts.defaults())
        .unload(ModelName.parse("qwen3:8b"));

    LoadResult result = loader.load(LoadRequest.of(ModelName.parse("qwen2.5:32b")), events::add);

    assertThat(result.decision()).isInstanceOf(Decision.Fits.class);
    assertThat(result.decision().check().available()).hasToString("23.8 GB");
    assertThat(fake.unloadCount("qwen3:1.7b")).isZero();
    assertThat(fake.residentModels())
        .containsExactlyInAnyOrder(ModelName.parse("qwen3:1.7b"), ModelName.parse("qwen2.5:32b"));
    assertThat(fake.everOvercommitted()).isFalse();
  }

  @Test
  void withoutSmartloadTheSameRequestOvercommitsTheMachine() throws Exception {
    machine("8.3").preload("qwen3:8b");

    new OllamaRuntime(
            new OkHttpClient(), new Moshi.Builder().build(), fake.url(), OllamaTimeouts.defaults())
        .load(ModelName.parse("qwen2.5:32b"), io.github.smartload.core.KeepAlive.DEFAULT);

    assertThat(fake.everOvercommitted()).isTrue();
    assertThat(fake.peakUsed()).isEqualTo(ByteSize.ofGigabytes("33"));
  }
}

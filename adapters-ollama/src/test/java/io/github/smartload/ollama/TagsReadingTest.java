package io.github.smartload.ollama;

import static org.assertj.core.api.Assertions.assertThat;

import com.squareup.moshi.Moshi;
import io.github.smartload.core.ByteSize;
import io.github.smartload.core.LoadPolicy;
import io.github.smartload.core.ModelName;
import io.github.smartload.core.SizeSource;
import io.github.smartload.core.fake.ManualTime;
import io.github.smartload.core.fake.SimulatedMemory;
import io.github.smartload.core.footprint.ServerSettings;
import io.github.smartload.core.load.LoadRequest;
import io.github.smartload.core.load.SmartLoader;
import io.github.smartload.core.size.EstimateMode;
import io.github.smartload.core.size.Requirements;
import io.github.smartload.core.size.TableThenRuntime;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How often a load decision reads {@code /api/tags}: one reading serves the decision's installed
 * model's facts and its size, and a model pulled or removed between two decisions is seen by the
 * next one.
 */
class TagsReadingTest {

  private static final ModelName GEMMA = ModelName.parse("gemma3:12b");
  private static final ModelName NOMIC = ModelName.parse("nomic-embed-text");

  @StartStop private final MockWebServer server = new MockWebServer();

  private final AtomicInteger tagsRead = new AtomicInteger();
  private final AtomicReference<String> tags = new AtomicReference<>(fixture("tags.json"));
  private final ManualTime time = new ManualTime(Instant.parse("2026-11-30T12:00:00Z"));

  @BeforeEach
  void answerAsOllamaDoes() {
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            String path = request.getUrl().encodedPath();
            return switch (path) {
              case "/api/tags" -> {
                tagsRead.incrementAndGet();
                yield json(tags.get());
              }
              case "/api/ps" -> json("{\"models\":[]}");
              case "/api/show" -> json(fixture("gemma3-12b.json"));
              case "/api/generate" ->
                  json("{\"model\":\"gemma3:12b\",\"response\":\"\",\"done\":true}");
              default -> new MockResponse.Builder().code(404).build();
            };
          }
        });
  }

  @Test
  void oneReadingServesTheFactsAndTheSizeOfADecision() {
    SmartLoader loader = loader(runtime());

    loader.load(LoadRequest.of(GEMMA), event -> {});
    int first = tagsRead.getAndSet(0);
    loader.load(LoadRequest.of(GEMMA), event -> {});

    // The first load also fills core's list of installed models, read before the decision.
    assertThat(first).isEqualTo(2);
    assertThat(tagsRead.get()).as("the second decision, its installed check answered").isOne();
  }

  @Test
  void aModelRemovedBetweenTwoDecisionsIsSeenByTheNext() {
    OllamaRuntime runtime = runtime();
    runtime.loadedModels();
    assertThat(runtime.installedModel(GEMMA)).isPresent();

    tags.set(fixture("tags.json").replace("\"name\":\"gemma3:12b\"", "\"name\":\"gone:1b\""));
    runtime.loadedModels(); // every decision begins by reading the resident models

    assertThat(runtime.sizeOf(GEMMA)).isEmpty();
    assertThat(runtime.installedModel(GEMMA)).isEmpty();
  }

  @Test
  void aModelPulledMeanwhileIsSeenEvenWithinADecision() {
    tags.set(
        fixture("tags.json").replace("\"name\":\"nomic-embed-text:latest\"", "\"name\":\"x\""));
    OllamaRuntime runtime = runtime();
    runtime.loadedModels();
    assertThat(runtime.sizeOf(NOMIC)).isEmpty();

    tags.set(fixture("tags.json"));

    assertThat(runtime.sizeOf(NOMIC)).hasValue(ByteSize.ofBytes(274_302_450));
  }

  @Test
  void aReadingIsNotReusedOnceItIsASecondOld() {
    OllamaRuntime runtime = runtime();
    runtime.loadedModels();
    runtime.sizeOf(GEMMA);
    runtime.sizeOf(GEMMA);
    assertThat(tagsRead.get()).isOne();

    time.sleep(Duration.ofSeconds(1));
    runtime.sizeOf(GEMMA);

    assertThat(tagsRead.get()).isEqualTo(2);
  }

  @Test
  void theListOfInstalledModelsIsAlwaysReadAfresh() {
    OllamaRuntime runtime = runtime();
    runtime.loadedModels();
    runtime.sizeOf(GEMMA);

    assertThat(runtime.installedModels()).contains(GEMMA, NOMIC);
    assertThat(runtime.installedModels()).contains(GEMMA, NOMIC);

    assertThat(tagsRead.get()).isEqualTo(3);
  }

  private OllamaRuntime runtime() {
    return new OllamaRuntime(
        new OkHttpClient(),
        new Moshi.Builder().build(),
        server.url("/"),
        OllamaTimeouts.defaults(),
        time);
  }

  private SmartLoader loader(OllamaRuntime runtime) {
    LoadPolicy policy = LoadPolicy.defaults();
    return SmartLoader.builder(new SimulatedMemory("64", "48"), runtime)
        .policy(policy)
        .requirements(
            new Requirements(
                new TableThenRuntime(policy.sizeTable(), SizeSource.TABLE_AND_RUNTIME, runtime),
                runtime,
                policy.margin(),
                EstimateMode.AUTO,
                ServerSettings.defaults()))
        .build();
  }

  private static MockResponse json(String body) {
    return new MockResponse.Builder()
        .setHeader("Content-Type", "application/json; charset=utf-8")
        .body(body)
        .build();
  }

  private static String fixture(String name) {
    try (InputStream in = TagsReadingTest.class.getResourceAsStream("/ollama/show/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("missing test fixture " + name, e);
    }
  }
}

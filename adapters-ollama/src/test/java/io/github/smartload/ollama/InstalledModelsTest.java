package io.github.smartload.ollama;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.squareup.moshi.JsonReader;
import com.squareup.moshi.Moshi;
import io.github.smartload.core.ByteSize;
import io.github.smartload.core.ModelName;
import io.github.smartload.core.footprint.ContextSource;
import io.github.smartload.core.footprint.Footprint;
import io.github.smartload.core.footprint.InstalledModel;
import io.github.smartload.core.footprint.LayerCount;
import io.github.smartload.core.footprint.ModelFacts;
import io.github.smartload.core.footprint.ParallelSource;
import io.github.smartload.core.footprint.ResolvedContext;
import io.github.smartload.core.footprint.RunSettings;
import io.github.smartload.core.footprint.ServerSettings;
import io.github.smartload.core.footprint.SlidingWindowLayers;
import io.github.smartload.core.port.RuntimeProtocolException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import okio.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Model facts from {@code /api/tags} and {@code /api/show}, against answers built from the notes.
 */
class InstalledModelsTest {

  private static final String NO_RESIDENT_MODELS = "{\"models\":[]}";

  @StartStop private final MockWebServer server = new MockWebServer();

  private final Moshi moshi = new Moshi.Builder().build();

  private OllamaRuntime runtime() {
    return new OllamaRuntime(new OkHttpClient(), moshi, server.url("/"), OllamaTimeouts.defaults());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    // model,                  fixture,          arch,       blocks, kv heads, key, embd, heads,
    // vocab,  trained, file
    "llama3.1:8b,             llama3.1-8b,      llama,      32, 8,  128, 4096, 32, 128256, 131072, 4920753328",
    "qwen2.5:14b,             qwen2.5-14b,      qwen2,      48, 8,  128, 5120, 40, 152064, 32768,  8988124069",
    "qwen3:8b,                qwen3-8b,         qwen3,      36, 8,  128, 4096, 32, 151936, 40960,  5225388164",
    "gemma3:12b,              gemma3-12b,       gemma3,     48, 8,  256, 3840, 16, 262144, 131072, 8149190253",
    "nomic-embed-text,        nomic-embed-text, nomic-bert, 12, 12, 64,  768,  12, 30522,  2048,   274302450",
  })
  void theShortAnswerGivesEveryFactAFootprintNeeds(
      String model,
      String fixture,
      String arch,
      int blocks,
      int kvHeads,
      int keyLength,
      int embedding,
      int heads,
      int vocab,
      int trained,
      long file)
      throws Exception {
    answer("tags.json");
    answer(fixture + ".json");

    ModelFacts facts = runtime().installedModel(ModelName.parse(model)).orElseThrow().facts();

    assertThat(facts.missingForFootprint()).isEmpty();
    assertThat(facts.architecture()).contains(arch);
    assertThat(facts.blockCount()).hasValue(blocks);
    assertThat(facts.headCountKv()).contains(LayerCount.uniform(kvHeads));
    assertThat(facts.keyLength().orElse(embedding / heads)).isEqualTo(keyLength);
    assertThat(facts.embeddingLength()).hasValue(embedding);
    assertThat(facts.headCount()).hasValue(heads);
    assertThat(facts.vocabSize()).hasValue(vocab);
    assertThat(facts.trainedContextLength()).hasValue(trained);
    assertThat(facts.fileSize()).contains(ByteSize.ofBytes(file));
    server.takeRequest();
    RecordedRequest show = server.takeRequest();
    assertThat(show.getUrl().encodedPath()).isEqualTo("/api/show");
    assertThat(json(show)).doesNotContainKey("verbose");
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"llama3.1-8b", "qwen2.5-14b", "qwen3-8b", "gemma3-12b", "nomic-embed-text"})
  void theVerboseAnswerGivesTheSameFactsAsTheShortOne(String fixture) throws IOException {
    Optional<ByteSize> size = Optional.of(ByteSize.parse("1GB"));

    ModelFacts brief = ShownFacts.of(read(fixture + ".json"), size);
    ModelFacts verbose = ShownFacts.of(read(fixture + "-verbose.json"), size);

    assertThat(verbose).isEqualTo(brief);
  }

  @Test
  void gemma3SlidesFiveLayersInSixAndTakesImages() {
    answer("tags.json");
    answer("gemma3-12b.json");

    ModelFacts facts =
        runtime().installedModel(ModelName.parse("gemma3:12b")).orElseThrow().facts();

    assertThat(facts.slidingWindow()).hasValue(1024);
    assertThat(facts.slidingWindowLayers()).contains(SlidingWindowLayers.allButEvery(6));
    assertThat(facts.vision()).isTrue();
    assertThat(facts.tiedEmbeddings()).contains(true);
    assertThat(facts.quantization()).contains("Q4_K_M");
  }

  @Test
  void anEmbeddingModelRunsOneSequenceAtItsTrainedLengthWhateverItsModelfileSays() {
    answer("tags.json");
    answer("nomic-embed-text.json");

    InstalledModel model =
        runtime().installedModel(ModelName.parse("nomic-embed-text")).orElseThrow();
    ResolvedContext context =
        model.context(OptionalInt.empty(), ServerSettings.defaults().withNumParallel(4));

    assertThat(model.modelfileNumCtx()).hasValue(8192);
    assertThat(model.facts().embedding()).isTrue();
    assertThat(context.numCtx()).isEqualTo(2048);
    assertThat(context.source()).isEqualTo(ContextSource.TRAINED_LENGTH);
    assertThat(context.parallel()).isEqualTo(1);
    assertThat(context.parallelSource()).isEqualTo(ParallelSource.FORCED_SINGLE);
  }

  @Test
  void factsAreReadOncePerDigest() throws Exception {
    answer("tags.json");
    answer("qwen3-8b.json");
    answer(200, NO_RESIDENT_MODELS);
    answer("tags.json");
    OllamaRuntime runtime = runtime();

    InstalledModel first = runtime.installedModel(ModelName.parse("qwen3:8b")).orElseThrow();
    runtime.loadedModels(); // the next decision begins, and reads /api/tags again
    InstalledModel second = runtime.installedModel(ModelName.parse("qwen3:8b")).orElseThrow();

    assertThat(second).isSameAs(first);
    assertThat(server.getRequestCount()).isEqualTo(4);
    assertThat(first.digest()).hasSize(64);
  }

  @Test
  void aNewDigestIsReadAgain() {
    answer("tags.json");
    answer("qwen3-8b.json");
    answer(200, NO_RESIDENT_MODELS);
    answer(200, fixture("tags.json").replace(digestOf("qwen3:8b"), "0".repeat(64)));
    answer("qwen3-8b.json");
    OllamaRuntime runtime = runtime();

    runtime.installedModel(ModelName.parse("qwen3:8b")).orElseThrow();
    runtime.loadedModels(); // the next decision begins: a model pulled again meanwhile is seen
    InstalledModel changed = runtime.installedModel(ModelName.parse("qwen3:8b")).orElseThrow();

    assertThat(changed.digest()).isEqualTo("0".repeat(64));
    assertThat(server.getRequestCount()).isEqualTo(5);
  }

  @Test
  void perLayerCountsMissingFromTheShortAnswerAreAskedForVerbosely() throws Exception {
    answer("tags.json");
    String brief =
        fixture("qwen3-8b.json")
            .replace(
                "\"qwen3.attention.head_count_kv\":8", "\"qwen3.attention.head_count_kv\":null");
    answer(200, brief);
    String perLayer = "[" + "8,0,".repeat(17) + "8,0]";
    answer(
        200,
        fixture("qwen3-8b-verbose.json")
            .replace(
                "\"qwen3.attention.head_count_kv\":8",
                "\"qwen3.attention.head_count_kv\":" + perLayer));

    ModelFacts facts = runtime().installedModel(ModelName.parse("qwen3:8b")).orElseThrow().facts();

    assertThat(facts.headCountKv().orElseThrow()).isInstanceOf(LayerCount.PerLayer.class);
    assertThat(facts.headCountKv().orElseThrow().at(1)).isZero();
    assertThat(facts.missingForFootprint()).isEmpty();
    server.takeRequest();
    assertThat(json(server.takeRequest())).doesNotContainKey("verbose");
    assertThat(json(server.takeRequest())).containsEntry("verbose", true);
  }

  @Test
  void aWholeVocabularyIsCountedWhileSkippedWhenNothingElseTellsItsSize() throws IOException {
    Buffer body = new Buffer();
    body.writeUtf8(
        "{\"model_info\":{\"general.architecture\":\"gemma3\",\"tokenizer.ggml.tokens\":[");
    for (int i = 0; i < 262_144; i++) {
      body.writeUtf8(i == 0 ? "" : ",")
          .writeUtf8("\"<token ")
          .writeUtf8(Integer.toString(i))
          .writeUtf8(" \\\"quoted\\\">\"");
    }
    body.writeUtf8("],\"gemma3.embedding_length\":3840}}");

    ShowAnswer answer = ShowAnswerReader.read(JsonReader.of(body));

    assertThat(ShownFacts.of(answer, Optional.empty()).vocabSize()).hasValue(262_144);
    assertThat(answer.scalars()).containsEntry("gemma3.embedding_length", "3840");
  }

  @Test
  void anOldServersAnswerWithEmptyArraysStillGivesTheFacts() {
    answer(
        200, "{\"models\":[{\"name\":\"llava:latest\",\"size\":4700000000,\"digest\":\"abc\"}]}");
    server.enqueue(new MockResponse.Builder().body(fixture("../show-llava.json")).build());

    ModelFacts facts = runtime().installedModel(ModelName.parse("llava")).orElseThrow().facts();

    assertThat(facts.vocabSize()).hasValue(128256);
    assertThat(facts.vision()).isTrue();
    assertThat(Footprint.estimate(facts, RunSettings.forContext(2048)).footprint()).isPresent();
  }

  @Test
  void aPerLayerHeadCountOfZerosIsAMissingFactNotAFailure() throws IOException {
    String zeros =
        fixture("qwen3-8b-verbose.json")
            .replace("\"qwen3.attention.head_count\":32", "\"qwen3.attention.head_count\":[0,0]");
    ShowAnswer answer = ShowAnswerReader.read(JsonReader.of(new Buffer().writeUtf8(zeros)));

    assertThat(ShownFacts.of(answer, Optional.empty()).missingForFootprint())
        .contains("attention.head_count");
  }

  @Test
  void aModelNotInstalledHasNoFactsAndIsNotShown() {
    answer("tags.json");

    assertThat(runtime().installedModel(ModelName.parse("mistral"))).isEmpty();
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void aModelRemovedBetweenTheListAndTheShowHasNoFacts() {
    answer("tags.json");
    server.enqueue(
        new MockResponse.Builder()
            .code(404)
            .body("{\"error\":\"model 'qwen3:8b' not found\"}")
            .build());

    assertThat(runtime().installedModel(ModelName.parse("qwen3:8b"))).isEmpty();
  }

  @Test
  void anAnswerThatIsNotJsonIsAProtocolError() {
    answer("tags.json");
    server.enqueue(new MockResponse.Builder().body("<html>proxy error</html>").build());

    assertThatThrownBy(() -> runtime().installedModel(ModelName.parse("qwen3:8b")))
        .isInstanceOf(RuntimeProtocolException.class)
        .hasMessageContaining("POST /api/show");
  }

  private void answer(String fixture) {
    answer(200, fixture(fixture));
  }

  private void answer(int code, String body) {
    server.enqueue(
        new MockResponse.Builder()
            .code(code)
            .setHeader("Content-Type", "application/json; charset=utf-8")
            .body(body)
            .build());
  }

  private static ShowAnswer read(String name) throws IOException {
    try (JsonReader json = JsonReader.of(new Buffer().writeUtf8(fixture(name)))) {
      return ShowAnswerReader.read(json);
    }
  }

  private static String fixture(String name) {
    try (InputStream in = InstalledModelsTest.class.getResourceAsStream("/ollama/show/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("missing test fixture " + name, e);
    }
  }

  private static String digestOf(String model) {
    String tags = fixture("tags.json");
    int at = tags.indexOf("\"name\":\"" + model + "\"");
    int digest = tags.indexOf("\"digest\":\"", at) + "\"digest\":\"".length();
    return tags.substring(digest, digest + 64);
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> json(RecordedRequest request) throws IOException {
    return (Map<String, Object>) moshi.adapter(Object.class).fromJson(request.getBody().utf8());
  }
}

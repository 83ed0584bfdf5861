package io.github.smartload.core.footprint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.smartload.core.ByteSize;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OllamaContextTest {

  private static final ModelFacts LLAMA =
      ModelFacts.builder().architecture("llama").trainedContextLength(131072).build();

  /** 0 in a column means "not given"; gpus in GiB, comma-separated inside the quotes. */
  @ParameterizedTest(name = "request {0}, modelfile {1}, env {2}, gpus [{3}] -> {4} from {5}")
  @CsvSource({
    // request > modelfile > OLLAMA_CONTEXT_LENGTH > VRAM tier
    "8192,  16384, 32768, '',       8192,   REQUEST",
    "0,     16384, 32768, '',       16384,  MODELFILE",
    "0,     0,     32768, '',       32768,  SERVER_SETTING",
    "0,     0,     0,     '',       4096,   VRAM_TIER",
    // the tiers: below 23 GiB 4096, from 23 GiB 32768, from 47 GiB 262144 (then the cap)
    "0,     0,     0,     '22',     4096,   VRAM_TIER",
    "0,     0,     0,     '23',     32768,  VRAM_TIER",
    "0,     0,     0,     '24,23',  131072, TRAINED_LENGTH",
    "0,     0,     0,     '46',     32768,  VRAM_TIER",
    // capped at the trained length, raised to the minimum of 4
    "200000, 0,    0,     '',       131072, TRAINED_LENGTH",
    "2,     0,     0,     '',       4,      MINIMUM",
  })
  void theContextFollowsOllamasPrecedence(
      int request, int modelfile, int env, String gpus, int expected, ContextSource source) {
    ServerSettings server =
        ServerSettings.defaults().withContextLength(env).withGpus(gibibytes(gpus), ByteSize.ZERO);

    ResolvedContext context =
        OllamaContext.resolve(LLAMA, given(request), given(modelfile), server);

    assertThat(context.numCtx()).isEqualTo(expected);
    assertThat(context.source()).isEqualTo(source);
  }

  @Test
  void theGpuOverheadIsTakenFromEachGpuBeforeTheTierIsChosen() {
    ServerSettings server =
        ServerSettings.defaults()
            .withGpus(
                List.of(ByteSize.parse("24GiB"), ByteSize.parse("24GiB")), ByteSize.parse("1GiB"));

    assertThat(OllamaContext.vramTier(server)).isEqualTo(32768);
  }

  @Test
  void aVisionModelRunsAtLeast2048Tokens() {
    ModelFacts llava = LLAMA.toBuilder().vision(true).build();

    ResolvedContext context =
        OllamaContext.resolve(
            llava, OptionalInt.of(512), OptionalInt.empty(), ServerSettings.defaults());

    assertThat(context.numCtx()).isEqualTo(2048);
    assertThat(context.source()).isEqualTo(ContextSource.MINIMUM);
  }

  @Test
  void theTrainedLengthCapsEvenTheVisionMinimum() {
    ModelFacts short2k = ModelFacts.builder().vision(true).trainedContextLength(1024).build();

    ResolvedContext context =
        OllamaContext.resolve(
            short2k, OptionalInt.empty(), OptionalInt.empty(), ServerSettings.defaults());

    assertThat(context.numCtx()).isEqualTo(1024);
    assertThat(context.source()).isEqualTo(ContextSource.TRAINED_LENGTH);
  }

  @ParameterizedTest(name = "{0}, embedding {1}, OLLAMA_NUM_PARALLEL {2} -> {3} ({4})")
  @CsvSource({
    "llama,      false, 4, 4, SERVER_SETTING",
    "llama,      false, 0, 1, DEFAULT",
    "nomic-bert, true,  4, 1, FORCED_SINGLE",
    "mllama,     false, 4, 1, FORCED_SINGLE",
    "qwen3vl,    false, 4, 1, FORCED_SINGLE",
    "qwen35,     false, 4, 1, FORCED_SINGLE",
    "qwen3next,  false, 4, 1, FORCED_SINGLE",
    "lfm2,       false, 4, 1, FORCED_SINGLE",
    "nemotron_h, false, 4, 1, FORCED_SINGLE",
  })
  void parallelIsForcedToOneForEmbeddingModelsAndSomeArchitectures(
      String architecture, boolean embedding, int setting, int expected, ParallelSource source) {
    ModelFacts facts = ModelFacts.builder().architecture(architecture).embedding(embedding).build();

    ResolvedContext context =
        OllamaContext.resolve(
            facts,
            OptionalInt.empty(),
            OptionalInt.empty(),
            ServerSettings.defaults().withNumParallel(setting));

    assertThat(context.parallel()).isEqualTo(expected);
    assertThat(context.parallelSource()).isEqualTo(source);
  }

  @Test
  void theRunSettingsCarryTheServersCacheAndTheResolvedContext() {
    ServerSettings server =
        ServerSettings.defaults().withNumParallel(2).withCache(KvCacheType.Q8_0, FlashAttention.ON);

    RunSettings run =
        OllamaContext.resolve(LLAMA, OptionalInt.of(8192), OptionalInt.empty(), server)
            .runSettings();

    assertThat(run.contextPerSequence()).isEqualTo(8192);
    assertThat(run.parallel()).isEqualTo(2);
    assertThat(run.totalContext()).isEqualTo(16384);
    assertThat(run.kvCacheType()).isEqualTo(KvCacheType.Q8_0);
  }

  @Test
  void aNonPositiveNumCtxIsRefusedWithItsOrigin() {
    assertThatThrownBy(
            () ->
                OllamaContext.resolve(
                    LLAMA, OptionalInt.of(0), OptionalInt.empty(), ServerSettings.defaults()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("the request's num_ctx");
  }

  private static OptionalInt given(int value) {
    return value == 0 ? OptionalInt.empty() : OptionalInt.of(value);
  }

  private static List<ByteSize> gibibytes(String list) {
    return list.isBlank()
        ? List.of()
        : List.of(list.split(",")).stream().map(g -> ByteSize.parse(g.strip() + "GiB")).toList();
  }
}

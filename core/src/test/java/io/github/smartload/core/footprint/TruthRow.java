package io.github.smartload.core.footprint;

import io.github.smartload.core.ByteSize;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One run of the real llama.cpp engine from {@code memory-truth/llamacpp.jsonl}: the model's facts,
 * its settings, and the buffers llama.cpp allocated. Reads only the flat scalar fields (core's
 * tests have no JSON library, and need none for these).
 */
record TruthRow(Map<String, String> fields) {

  static final String RESOURCE = "/memory-truth/llamacpp.jsonl";

  private static final Pattern SCALAR =
      Pattern.compile("\"([^\"]+)\":\\s*(\"(?:[^\"\\\\]|\\\\.)*\"|-?[0-9.eE+-]+|true|false|null)");

  static List<TruthRow> fromResource() {
    try (var in = TruthRow.class.getResourceAsStream(RESOURCE)) {
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<TruthRow> fromFile(Path file) throws IOException {
    return parse(Files.readString(file));
  }

  private static List<TruthRow> parse(String text) {
    return text.lines().filter(line -> !line.isBlank()).map(TruthRow::parseLine).toList();
  }

  private static TruthRow parseLine(String line) {
    Map<String, String> fields = new HashMap<>();
    Matcher matcher = SCALAR.matcher(line);
    while (matcher.find()) {
      String value = matcher.group(2);
      fields.putIfAbsent(
          matcher.group(1),
          value.startsWith("\"") ? value.substring(1, value.length() - 1) : value);
    }
    return new TruthRow(fields);
  }

  String text(String key) {
    String value = fields.get(key);
    if (value == null) {
      throw new IllegalStateException("truth row without " + key + ": " + fields.get("model_key"));
    }
    return value;
  }

  long number(String key) {
    return Long.parseLong(text(key));
  }

  private String arch() {
    return text("general.architecture");
  }

  private int archNumber(String key) {
    return Math.toIntExact(number(arch() + "." + key));
  }

  private boolean has(String key) {
    return fields.containsKey(arch() + "." + key);
  }

  ModelFacts facts() {
    ModelFactsBuilder builder =
        ModelFacts.builder()
            .architecture(arch())
            .fileSize(ByteSize.ofBytes(number("file_bytes")))
            .blockCount(archNumber("block_count"))
            .headCountKv(archNumber("attention.head_count_kv"))
            .embeddingLength(archNumber("embedding_length"))
            .headCount(archNumber("attention.head_count"))
            .vocabSize(Math.toIntExact(number("vocab_size")))
            .trainedContextLength(archNumber("context_length"))
            .quantization(text("weights_type").split(" ")[0])
            .tiedEmbeddings(Boolean.parseBoolean(text("tied_embeddings")));
    if (has("attention.key_length")) {
      builder.keyLength(archNumber("attention.key_length"));
    }
    if (has("attention.value_length")) {
      builder.valueLength(archNumber("attention.value_length"));
    }
    if (has("attention.sliding_window")) {
      builder.slidingWindow(
          archNumber("attention.sliding_window"),
          SlidingWindowLayers.forArchitecture(arch()).orElseThrow());
    }
    return builder.build();
  }

  RunSettings settings() {
    KvCacheType kvType = KvCacheType.parse(text("kv_type"));
    FlashAttention attention =
        Boolean.parseBoolean(text("flash_attn")) ? FlashAttention.ON : FlashAttention.OFF;
    return RunSettings.forContext(Math.toIntExact(number("n_ctx_per_seq")))
        .withParallel(Math.toIntExact(number("n_parallel")))
        .withCache(kvType, attention)
        .withBatch(Math.toIntExact(number("batch")), Math.toIntExact(number("ubatch")))
        .withMmap(Boolean.parseBoolean(text("mmap")))
        .withSwaFull(Boolean.parseBoolean(text("swa_full")));
  }

  /** What llama.cpp allocated: model + KV + compute + output buffers, as {@code /api/ps} sums. */
  long measuredTotal() {
    return number("model_buffer_bytes")
        + number("kv_buffer_bytes")
        + number("compute_buffer_bytes")
        + number("output_buffer_bytes");
  }

  @Override
  public String toString() {
    return text("model_key")
        + " ctx "
        + text("n_ctx_per_seq")
        + " x"
        + text("n_parallel")
        + " "
        + text("kv_type")
        + " fa="
        + text("flash_attn")
        + " mmap="
        + text("mmap")
        + " swa_full="
        + text("swa_full");
  }
}

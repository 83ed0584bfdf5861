package io.github.smartload.ollama;

import io.github.smartload.core.ByteSize;
import io.github.smartload.core.ModelName;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One reading of {@code GET /api/tags}, checked whole before anything is answered from it: every
 * listed model's name and file size. The one place its answer is parsed, for the installed names,
 * the sizes and the digests alike.
 */
final class TagsReading {

  static final String ENDPOINT = "GET /api/tags";

  /**
   * One installed model as listed.
   *
   * @param spelling its name as Ollama spells it, sent back so
   * @param size its file size
   * @param digest its digest, absent when the answer leaves it out
   * @param at where it stands in the answer, for messages ({@code models[2]})
   */
  record Listed(String spelling, ByteSize size, Optional<String> digest, String at) {}

  /** Reads a name as the runtime does (and remembers its spelling). */
  @FunctionalInterface
  interface Names {
    ModelName read(String name, String model, String endpoint, String at);
  }

  private final Map<ModelName, Listed> models;

  private TagsReading(Map<ModelName, Listed> models) {
    this.models = models;
  }

  static TagsReading of(OllamaWire.Tags answer, OllamaHttp http, Names names) {
    if (answer.models() == null) {
      throw http.missing(ENDPOINT, "models");
    }
    Map<ModelName, Listed> models = new LinkedHashMap<>();
    for (int i = 0; i < answer.models().size(); i++) {
      OllamaWire.TagsModel wire = answer.models().get(i);
      String at = "models[" + i + "]";
      if (wire == null) {
        throw http.protocol(ENDPOINT, at + " is null", null);
      }
      ModelName name = names.read(wire.name(), wire.model(), ENDPOINT, at);
      if (wire.size() == null) {
        throw http.missing(ENDPOINT, at + ".size");
      }
      if (wire.size() < 0) {
        throw http.protocol(ENDPOINT, at + ".size is negative: " + wire.size(), null);
      }
      String spelling = wire.name() != null ? wire.name() : wire.model();
      models.putIfAbsent(
          name,
          new Listed(
              spelling, ByteSize.ofBytes(wire.size()), Optional.ofNullable(wire.digest()), at));
    }
    return new TagsReading(Map.copyOf(models));
  }

  Set<ModelName> names() {
    return models.keySet();
  }

  Optional<Listed> find(ModelName model) {
    return Optional.ofNullable(models.get(model));
  }
}

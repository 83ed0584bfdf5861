package io.github.smartload.ollama.fake;

import io.github.smartload.core.ModelName;
import java.util.Map;
import java.util.Optional;

/** The fields of a request body read as Ollama reads them, with Ollama's 400 and 404 answers. */
final class FakeRequests {

  private FakeRequests() {}

  /**
   * {@code options.num_ctx} as Ollama takes it: a whole number, at least 4 (memory-model.md);
   * absent or null leaves the default. Another type is refused with 400, as Ollama's options
   * decoder does.
   */
  static Optional<Integer> numCtx(Map<String, Object> request) {
    if (!(request.get("options") instanceof Map<?, ?> options)) {
      return Optional.empty();
    }
    Object value = options.get("num_ctx");
    if (value == null) {
      return Optional.empty();
    }
    if (!(value instanceof Number number)
        || number.doubleValue() != Math.rint(number.doubleValue())) {
      throw new FakeWire.HttpError(400, "option \"num_ctx\" must be of type integer");
    }
    return Optional.of(Math.max(4, number.intValue()));
  }

  static ModelName installedModel(
      FakeMachine machine, Map<String, Object> request, String notFound) {
    Object name = request.get("model");
    if (!(name instanceof String text) || text.isBlank()) {
      throw new FakeWire.HttpError(400, "model is required");
    }
    ModelName model;
    try {
      model = ModelName.parse(text);
    } catch (IllegalArgumentException e) {
      throw new FakeWire.HttpError(400, "invalid model name");
    }
    if (!machine.isInstalled(model)) {
      throw new FakeWire.HttpError(404, String.format(notFound, text));
    }
    return model;
  }

  static boolean isEmpty(Object prompt) {
    return prompt == null || (prompt instanceof String text && text.isEmpty());
  }
}

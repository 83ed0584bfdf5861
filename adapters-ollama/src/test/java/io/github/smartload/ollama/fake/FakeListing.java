package io.github.smartload.ollama.fake;

import static io.github.smartload.ollama.fake.FakeWire.goTime;
import static io.github.smartload.ollama.fake.FakeWire.parse;
import static io.github.smartload.ollama.fake.FakeWire.send;

import com.sun.net.httpserver.HttpExchange;
import io.github.smartload.core.ModelName;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The fake Ollama's listing endpoints: {@code /api/tags}, {@code /api/ps}, {@code /api/show}. */
final class FakeListing {

  private final FakeMachine machine;

  /** Full {@code /api/show} answers given for some models, sent as they are. */
  private final Map<ModelName, String> shown;

  FakeListing(FakeMachine machine, Map<ModelName, String> shown) {
    this.machine = machine;
    this.shown = shown;
  }

  List<Object> tags() {
    List<Object> models = new ArrayList<>();
    machine
        .installed()
        .forEach(
            (name, size) -> {
              Map<String, Object> model = describe(name);
              model.put("modified_at", goTime(machine.now()));
              model.put("size", size.bytes());
              models.add(model);
            });
    return models;
  }

  List<Object> ps() {
    List<Object> models = new ArrayList<>();
    for (FakeResident resident : machine.listed()) {
      Map<String, Object> model = describe(resident.name());
      model.put("size", resident.size().bytes());
      model.put("expires_at", goTime(resident.expiresAt()));
      model.put("size_vram", machine.vramOf(resident.name()).bytes());
      model.put("context_length", (long) resident.context());
      models.add(model);
    }
    return models;
  }

  static Map<String, Object> describe(ModelName name) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("parent_model", "");
    details.put("format", "gguf");
    details.put("family", "qwen2");
    details.put("families", null);
    details.put("parameter_size", "");
    details.put("quantization_level", "Q4_K_M");
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("name", name.toString());
    model.put("model", name.toString());
    model.put("digest", Integer.toHexString(name.hashCode()));
    model.put("details", details);
    return model;
  }

  void show(HttpExchange exchange, String body) throws IOException {
    ModelName model = FakeRequests.installedModel(machine, parse(body), "model '%s' not found");
    if (shown.containsKey(model)) {
      byte[] answer = shown.get(model).getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
      exchange.sendResponseHeaders(200, answer.length);
      exchange.getResponseBody().write(answer);
      return;
    }
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("general.architecture", "qwen2");
    info.put("general.parameter_count", machine.installed().get(model).bytes() * 2);
    Map<String, Object> answer = describe(model);
    answer.put("model_info", info);
    answer.put("capabilities", List.of("completion"));
    send(exchange, 200, answer);
  }
}

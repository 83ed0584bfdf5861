package io.github.smartload.ollama.fake;

import static io.github.smartload.ollama.fake.FakeWire.JSON;
import static io.github.smartload.ollama.fake.FakeWire.goTime;
import static io.github.smartload.ollama.fake.FakeWire.keepAlive;
import static io.github.smartload.ollama.fake.FakeWire.parse;
import static io.github.smartload.ollama.fake.FakeWire.send;
import static io.github.smartload.ollama.fake.FakeWire.sleep;
import static io.github.smartload.ollama.fake.FakeWire.text;
import static io.github.smartload.ollama.fake.FakeWire.write;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.github.smartload.core.ModelName;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * The fake Ollama's routes, answering as ollama-api.md describes: listing, loading and unloading
 * through an empty generate or chat, streaming NDJSON or server-sent events, and Ollama's errors.
 */
final class FakeOllamaHandler implements HttpHandler {

  private final FakeMachine machine;
  private final FakeSettings settings;
  private final Consumer<FakeOllama.Request> log;
  private final FakeLife life;

  private final FakeListing listing;

  FakeOllamaHandler(
      FakeMachine machine,
      FakeSettings settings,
      Consumer<FakeOllama.Request> log,
      FakeLife life,
      Map<ModelName, String> shown) {
    this.listing = new FakeListing(machine, shown);
    this.machine = machine;
    this.settings = settings;
    this.log = log;
    this.life = life;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      life.awaitThawed(); // a stopped process reads nothing
      if (life.dead()) {
        return; // killed meanwhile: the exchange closes with no status line sent
      }
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getPath();
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      log.accept(new FakeOllama.Request(method, path, body));
      try {
        route(exchange, method, path, body);
      } catch (FakeWire.HttpError e) {
        send(exchange, e.status, Map.of("error", e.getMessage()));
      } catch (FakeLife.Killed e) {
        // The server already stopped listening and dropped every connection, this one included:
        // closing the exchange without a status line sends nothing, as a killed process's would.
      }
    }
  }

  private void route(HttpExchange exchange, String method, String path, String body)
      throws IOException {
    switch (method + " " + path) {
      case "GET /", "HEAD /" -> text(exchange, 200, "Ollama is running");
      case "GET /api/version" -> send(exchange, 200, Map.of("version", settings.version()));
      case "GET /api/tags" -> send(exchange, 200, Map.of("models", listing.tags()));
      case "GET /api/ps" -> send(exchange, 200, Map.of("models", listing.ps()));
      case "POST /api/show" -> listing.show(exchange, body);
      case "POST /api/generate" -> generate(exchange, body, "response");
      case "POST /api/chat" -> generate(exchange, body, "message");
      case "POST /api/embed", "POST /api/embeddings" -> embed(exchange, body, path);
      case "POST /v1/chat/completions", "POST /v1/completions", "POST /v1/embeddings" ->
          openAi(exchange, body, path);
      default -> text(exchange, 404, "404 page not found");
    }
  }

  /** {@code /api/generate} and {@code /api/chat}: load, unload, or answer (streamed by default). */
  private void generate(HttpExchange exchange, String body, String field) throws IOException {
    Map<String, Object> request = parse(body);
    ModelName model =
        FakeRequests.installedModel(
            machine, request, "model \"%s\" not found, try pulling it first");
    Optional<Duration> keepAlive = keepAlive(request.get("keep_alive"));
    boolean empty =
        field.equals("response")
            ? FakeRequests.isEmpty(request.get("prompt"))
            : request.get("messages") == null
                || (request.get("messages") instanceof List<?> list && list.isEmpty());
    if (empty && keepAlive.isPresent() && keepAlive.get().isZero()) {
      machine.unload(model);
      send(exchange, 200, done(model, field, "unload"));
      return;
    }
    ensureLoaded(model, keepAlive, FakeRequests.numCtx(request));
    if (empty) {
      send(exchange, 200, done(model, field, "load"));
      return;
    }
    if (Boolean.FALSE.equals(request.get("stream"))) {
      Map<String, Object> answer = chunk(model, field, settings.answer(), true);
      send(exchange, 200, answer);
      return;
    }
    stream(
        exchange,
        model,
        "application/x-ndjson",
        (word, last) -> JSON.toJson(chunk(model, field, word, last)) + "\n",
        "");
  }

  private void embed(HttpExchange exchange, String body, String path) throws IOException {
    Map<String, Object> request = parse(body);
    ModelName model =
        FakeRequests.installedModel(
            machine, request, "model \"%s\" not found, try pulling it first");
    ensureLoaded(model, keepAlive(request.get("keep_alive")), FakeRequests.numCtx(request));
    Map<String, Object> answer = new LinkedHashMap<>();
    if (path.equals("/api/embed")) {
      answer.put("model", model.toString());
      answer.put("embeddings", List.of(List.of(0.1, 0.2, 0.3)));
    } else {
      answer.put("embedding", List.of(0.1, 0.2, 0.3));
    }
    send(exchange, 200, answer);
  }

  /** The OpenAI-compatible endpoints: keep_alive ignored, SSE only with {@code "stream": true}. */
  private void openAi(HttpExchange exchange, String body, String path) throws IOException {
    Map<String, Object> request = parse(body);
    ModelName model;
    try {
      model =
          FakeRequests.installedModel(
              machine, request, "model \"%s\" not found, try pulling it first");
    } catch (FakeWire.HttpError e) {
      Map<String, Object> error = new LinkedHashMap<>();
      error.put("message", e.getMessage());
      error.put("type", "api_error");
      error.put("param", null);
      error.put("code", null);
      send(exchange, e.status, Map.of("error", error));
      return;
    }
    ensureLoaded(model, Optional.empty(), Optional.empty()); // no options on /v1: the default
    if (path.equals("/v1/embeddings")) {
      Map<String, Object> item =
          Map.of("object", "embedding", "index", 0, "embedding", List.of(0.1));
      send(
          exchange,
          200,
          Map.of("object", "list", "model", model.toString(), "data", List.of(item)));
      return;
    }
    String kind = path.equals("/v1/chat/completions") ? "chat.completion" : "text_completion";
    if (!Boolean.TRUE.equals(request.get("stream"))) {
      send(exchange, 200, openAiChunk(model, kind, settings.answer(), "stop"));
      return;
    }
    stream(
        exchange,
        model,
        "text/event-stream",
        (word, last) ->
            "data: "
                + JSON.toJson(openAiChunk(model, kind + ".chunk", word, last ? "stop" : null))
                + "\n\n",
        "data: [DONE]\n\n");
  }

  private Map<String, Object> openAiChunk(
      ModelName model, String kind, String text, String finish) {
    Map<String, Object> choice = new LinkedHashMap<>();
    choice.put("index", 0);
    if (kind.startsWith("chat")) {
      choice.put(
          kind.endsWith("chunk") ? "delta" : "message",
          Map.of("role", "assistant", "content", text));
    } else {
      choice.put("text", text);
    }
    choice.put("finish_reason", finish);
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("id", "chatcmpl-1");
    answer.put("object", kind);
    answer.put("created", machine.now().getEpochSecond());
    answer.put("model", model.toString());
    answer.put("choices", List.of(choice));
    return answer;
  }

  /**
   * Loads {@code model} at the request's context (its {@code num_ctx}, else the default) when it is
   * not serving at that context: a runner at another context is restarted, taking the load delay,
   * as Ollama reloads a model whose options differ. Ollama on CPU checks no RAM, nor does this.
   */
  private void ensureLoaded(
      ModelName model, Optional<Duration> keepAlive, Optional<Integer> numCtx) {
    int context = numCtx.orElse(settings.defaultContext());
    if (machine.servingContext(model).filter(serving -> serving == context).isPresent()) {
      machine.touched(model, keepAlive, settings.defaultKeepAlive());
      return;
    }
    makeRoom(model, context);
    life.load(
        settings.loadDelay(),
        () -> machine.loaded(model, keepAlive.orElse(settings.defaultKeepAlive()), context));
  }

  /**
   * Ollama's own evictions before a load ({@link FakeEvictions}): one model at a time, each waited
   * for until it has exited and its VRAM is back, then the rules asked again. Concurrent loads are
   * not serialized as Ollama's scheduler does: tests that rely on the fake's evictions load one
   * model at a time.
   */
  private void makeRoom(ModelName model, int context) {
    Optional<ModelName> victim;
    while ((victim = machine.nextEviction(model, context, true)).isPresent()) {
      ModelName evicted = victim.get();
      machine.unload(evicted);
      Instant deadline = Instant.now().plusSeconds(60);
      while (!machine.evictedAndReturned(evicted) && Instant.now().isBefore(deadline)) {
        if (life.dead()) {
          throw new FakeLife.Killed();
        }
        FakeWire.sleep(Duration.ofMillis(10));
      }
    }
  }

  private Map<String, Object> done(ModelName model, String field, String reason) {
    Map<String, Object> answer = chunk(model, field, "", true);
    answer.put("done_reason", reason);
    return answer;
  }

  private Map<String, Object> chunk(ModelName model, String field, String text, boolean done) {
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("model", model.toString());
    answer.put("created_at", goTime(machine.now()));
    answer.put(
        field, field.equals("message") ? Map.of("role", "assistant", "content", text) : text);
    answer.put("done", done);
    return answer;
  }

  /**
   * Streams one line per word with the configured gap between them, then {@code end}; the model
   * counts as answering meanwhile, so an unload waits for the stream as Ollama's does.
   */
  private void stream(
      HttpExchange exchange,
      ModelName model,
      String contentType,
      BiFunction<String, Boolean, String> line,
      String end)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(200, 0);
    OutputStream out = exchange.getResponseBody();
    List<String> words = words();
    machine.answering(model);
    try {
      for (int i = 0; i < words.size(); i++) {
        boolean last = i == words.size() - 1;
        write(out, line.apply(words.get(i), last));
        if (!last) {
          pause();
        }
      }
      write(out, end);
    } finally {
      machine.answered(model);
    }
  }

  /** The answer cut into {@code streamChunks} pieces, the last one empty like Ollama's final. */
  private List<String> words() {
    List<String> words = new ArrayList<>();
    for (int i = 0; i < settings.streamChunks() - 1; i++) {
      words.add((i == 0 ? "" : " ") + "word" + (i + 1));
    }
    words.add("");
    return words;
  }

  private void pause() {
    sleep(settings.streamGap());
    life.awaitThawed(); // after a kill it returns and the next write fails on the closed socket
  }
}

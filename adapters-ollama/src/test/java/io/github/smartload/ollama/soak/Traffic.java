package io.github.smartload.ollama.soak;

import io.github.smartload.ollama.soak.Tally.Client;
import io.github.smartload.ollama.soak.Tally.Outcome;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSource;

/**
 * The soak's clients: each call sends one kind of request through the proxy and says how it went.
 */
final class Traffic {

  /** The large models the mixed clients ask for; together they do not fit, one at a time does. */
  static final List<String> MODELS = List.of("qwen2.5:14b", "qwen3:8b", "gemma3:12b");

  /** Below the large threshold: never unloads anything. */
  static final String SMALL = "qwen3:1.7b";

  /** Only the unloading client uses it, so that its unloads are never of a model in use. */
  static final String UNLOADED = "llama3.1:8b";

  private static final MediaType JSON = MediaType.get("application/json");
  private static final Pattern ERROR =
      Pattern.compile("\"(?:error|message)\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

  /** Mixed clients' kinds, each as often as its weight says. */
  private static final List<Client> MIX =
      weighted(
          Client.CHAT_STREAM, 22,
          Client.GENERATE_STREAM, 12,
          Client.OPENAI_STREAM, 12,
          Client.GENERATE_WHOLE, 10,
          Client.EMBED, 5,
          Client.SMALL_MODEL, 5,
          Client.ABORT_MID_STREAM, 8,
          Client.SLOW_SENDER, 3,
          Client.SLOW_READER, 3,
          Client.OVERSIZED_BODY, 4,
          Client.UNKNOWN_MODEL, 8,
          Client.HEALTH, 8);

  private final OkHttpClient client;
  private final HttpUrl base;
  private final long maxBody;
  private final AtomicInteger unknownNames = new AtomicInteger();

  Traffic(OkHttpClient client, HttpUrl base, long maxBody) {
    this.client = client;
    this.base = base;
    this.maxBody = maxBody;
  }

  Client pick(Random random) {
    return MIX.get(random.nextInt(MIX.size()));
  }

  Outcome send(Client kind, Random random) {
    String model = MODELS.get(random.nextInt(MODELS.size()));
    return switch (kind) {
      case CHAT_STREAM -> whole(kind, "/api/chat", chat(model, ""), Ending.NDJSON);
      case GENERATE_STREAM -> whole(kind, "/api/generate", generate(model, ""), Ending.NDJSON);
      case OPENAI_STREAM ->
          whole(kind, "/v1/chat/completions", chat(model, ",\"stream\":true"), Ending.SSE);
      case GENERATE_WHOLE ->
          whole(kind, "/api/generate", generate(model, ",\"stream\":false"), Ending.JSON);
      case EMBED ->
          whole(kind, "/api/embed", "{\"model\":\"" + model + "\",\"input\":\"hi\"}", Ending.JSON);
      case SMALL_MODEL ->
          whole(kind, "/api/generate", generate(SMALL, ",\"stream\":false"), Ending.JSON);
      case ABORT_MID_STREAM -> abort(model);
      case SLOW_SENDER ->
          raw(
              kind,
              chat(model, ""),
              new RawHttp.Pace(8, Duration.ofMillis(300), 8192, Duration.ZERO));
      case SLOW_READER ->
          raw(
              kind,
              chat(model, ""),
              new RawHttp.Pace(1, Duration.ZERO, 256, Duration.ofMillis(25)));
      case OVERSIZED_BODY -> whole(kind, "/api/generate", oversized(model), Ending.JSON);
      case UNKNOWN_MODEL ->
          whole(
              kind,
              "/api/chat",
              chat("soak-missing-" + unknownNames.incrementAndGet() + ":latest", ""),
              Ending.NDJSON);
      case HEALTH -> health(random);
      case UNLOAD -> unload(UNLOADED);
    };
  }

  /** The unloading client's round: a stream from its own model, then keep_alive 0 for it. */
  void unloadRound(Consumer<Outcome> record) {
    record.accept(whole(Client.CHAT_STREAM, "/api/chat", chat(UNLOADED, ""), Ending.NDJSON));
    record.accept(unload(UNLOADED));
  }

  private Outcome unload(String model) {
    return whole(
        Client.UNLOAD,
        "/api/generate",
        "{\"model\":\"" + model + "\",\"keep_alive\":0}",
        Ending.JSON);
  }

  /** How a whole answer ends when nothing cut it. */
  private enum Ending {
    NDJSON,
    SSE,
    JSON;

    boolean complete(String body) {
      String text = body.strip();
      return switch (this) {
        case NDJSON -> text.substring(text.lastIndexOf('\n') + 1).contains("\"done\":true");
        case SSE -> text.endsWith("data: [DONE]");
        case JSON -> text.startsWith("{") && text.endsWith("}");
      };
    }
  }

  private Outcome whole(Client kind, String path, String json, Ending ending) {
    long start = System.nanoTime();
    try (Response response = client.newCall(post(path, json)).execute()) {
      String body = response.body().string();
      return judged(kind, response.code(), body, ending, System.nanoTime() - start);
    } catch (IOException e) {
      return failed(kind, e, start);
    }
  }

  private Outcome abort(String model) {
    long start = System.nanoTime();
    Call call = client.newCall(post("/api/chat", chat(model, "")));
    try (Response response = call.execute()) {
      if (response.code() != 200) {
        return judged(
            Client.ABORT_MID_STREAM,
            response.code(),
            response.body().string(),
            Ending.NDJSON,
            System.nanoTime() - start);
      }
      BufferedSource source = response.body().source();
      source.readUtf8Line();
      source.readUtf8Line();
      call.cancel(); // leaves mid-answer: the proxy must cancel its upstream call
      return Outcome.failed(
          Client.ABORT_MID_STREAM, "client left mid-stream (planned)", System.nanoTime() - start);
    } catch (IOException e) {
      return failed(Client.ABORT_MID_STREAM, e, start);
    }
  }

  private Outcome raw(Client kind, String json, RawHttp.Pace pace) {
    long start = System.nanoTime();
    try {
      RawHttp.Answer answer = RawHttp.post(base.port(), "/api/chat", json, pace);
      return judged(kind, answer.status(), answer.body(), Ending.NDJSON, System.nanoTime() - start);
    } catch (IOException e) {
      return failed(kind, e, start);
    }
  }

  private Outcome health(Random random) {
    String path = List.of("/smartload/health", "/api/ps", "/api/tags").get(random.nextInt(3));
    long start = System.nanoTime();
    try (Response response =
        client.newCall(new Request.Builder().url(base.resolve(path)).build()).execute()) {
      return judged(
          Client.HEALTH,
          response.code(),
          response.body().string(),
          Ending.JSON,
          System.nanoTime() - start);
    } catch (IOException e) {
      return failed(Client.HEALTH, e, start);
    }
  }

  private static Outcome judged(Client kind, int status, String body, Ending ending, long nanos) {
    if (status / 100 == 2) {
      return ending.complete(body)
          ? Outcome.served(kind, status, nanos)
          : Outcome.failed(kind, status + " answer ended unfinished", nanos);
    }
    return Outcome.failed(kind, status + " " + cause(body), nanos);
  }

  private static Outcome failed(Client kind, IOException e, long start) {
    String message = e.getMessage() == null ? "" : ": " + normalized(e.getMessage());
    return Outcome.failed(
        kind, "client " + e.getClass().getSimpleName() + message, System.nanoTime() - start);
  }

  /** The error message with numbers and names blurred, so that like errors count together. */
  static String cause(String body) {
    Matcher matcher = ERROR.matcher(body);
    if (matcher.find()) {
      return normalized(matcher.group(1));
    }
    return "not JSON: " + normalized(body);
  }

  private static String normalized(String text) {
    String blurred =
        text.replaceAll("soak-missing-\\d+", "soak-missing-N")
            .replaceAll("\\d+(\\.\\d+)?", "#")
            .replaceAll("\\s+", " ");
    return blurred.length() > 90 ? blurred.substring(0, 90) + "..." : blurred;
  }

  private Request post(String path, String json) {
    return new Request.Builder()
        .url(base.resolve(path))
        .post(RequestBody.create(json, JSON))
        .build();
  }

  private static String chat(String model, String extra) {
    return "{\"model\":\""
        + model
        + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]"
        + extra
        + "}";
  }

  private static String generate(String model, String extra) {
    return "{\"model\":\"" + model + "\",\"prompt\":\"hi\"" + extra + "}";
  }

  /** A generate a quarter over the proxy's --max-body: 413 is the right answer. */
  private String oversized(String model) {
    return "{\"model\":\""
        + model
        + "\",\"prompt\":\""
        + "x".repeat((int) (maxBody * 5 / 4))
        + "\",\"stream\":false}";
  }

  private static List<Client> weighted(Object... kindsAndWeights) {
    List<Client> mix = new java.util.ArrayList<>();
    for (int i = 0; i < kindsAndWeights.length; i += 2) {
      for (int n = 0; n < (Integer) kindsAndWeights[i + 1]; n++) {
        mix.add((Client) kindsAndWeights[i]);
      }
    }
    return List.copyOf(mix);
  }
}

package io.github.smartload.ollama;

import com.squareup.moshi.JsonWriter;
import com.squareup.moshi.Moshi;
import io.github.smartload.core.ByteSize;
import io.github.smartload.core.KeepAlive;
import io.github.smartload.core.LoadedModel;
import io.github.smartload.core.ModelName;
import io.github.smartload.core.footprint.InstalledModel;
import io.github.smartload.core.port.ModelRuntime;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okio.Buffer;

/**
 * The model runtime over Ollama's HTTP API: {@code /api/ps} for the resident models, {@code
 * /api/tags} for the installed ones, their sizes and digests, and {@code POST /api/generate} with
 * no prompt to load (keep-alive as a Go duration) or unload ({@code keep_alive: 0}) a model; {@code
 * /api/show} for an installed model's facts (its footprint at a context) and {@code /api/version}
 * for {@code doctor}. Every failure becomes one of core's runtime exceptions with a one-line
 * message.
 */
public final class OllamaRuntime implements ModelRuntime {

  private static final String PS = "api/ps";
  private static final String VERSION = "api/version";
  private static final String GENERATE = "api/generate";

  private final HttpUrl baseUrl;
  private final OllamaTimeouts timeouts;
  private final OllamaHttp http;
  private final OkHttpClient listClient;
  private final OkHttpClient loadClient;
  private final OkHttpClient unloadClient;
  private final Clock clock;
  private final InstalledTags tags;
  private final InstalledModels installed;

  /**
   * Names in the spelling Ollama last listed them, sent back so: {@link ModelName} is lower-cased,
   * and Ollama has looked manifests up case-sensitively on Linux ({@code Q4_K_M} vs {@code
   * q4_k_m}).
   */
  private final Map<ModelName, String> spellings = new ConcurrentHashMap<>();

  public OllamaRuntime(OkHttpClient client, Moshi moshi, HttpUrl baseUrl, OllamaTimeouts timeouts) {
    this(client, moshi, baseUrl, timeouts, Clock.systemUTC());
  }

  /** With a clock, to tell a model Ollama is stopping (expiry passed) from a resident one. */
  public OllamaRuntime(
      OkHttpClient client, Moshi moshi, HttpUrl baseUrl, OllamaTimeouts timeouts, Clock clock) {
    Objects.requireNonNull(client, "client");
    this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
    this.timeouts = Objects.requireNonNull(timeouts, "timeouts");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.http = new OllamaHttp(Objects.requireNonNull(moshi, "moshi"), baseUrl);
    // Derived clients share the app's connection pool and dispatcher; only the timeouts differ.
    this.listClient = withTimeouts(client, timeouts.list().toMillis());
    // A load or an unload is sent once: OkHttp's retryOnConnectionFailure (on by default) would
    // send it again on a new connection when the first one closed, even after the request went
    // out, so a server that died and was restarted would be told to load the model that killed
    // it, and the caller would never learn of the death.
    this.loadClient = once(withTimeouts(client, timeouts.load().toMillis()));
    this.unloadClient = once(listClient);
    this.tags = new InstalledTags(http, listClient, timeouts.list(), clock, this::modelName);
    this.installed = new InstalledModels(http, listClient, timeouts.list(), tags);
  }

  private static OkHttpClient once(OkHttpClient client) {
    return client.newBuilder().retryOnConnectionFailure(false).build();
  }

  private OkHttpClient withTimeouts(OkHttpClient client, long readMillis) {
    return client
        .newBuilder()
        .connectTimeout(timeouts.connect().toMillis(), TimeUnit.MILLISECONDS)
        .readTimeout(readMillis, TimeUnit.MILLISECONDS)
        .writeTimeout(timeouts.list().toMillis(), TimeUnit.MILLISECONDS)
        .addNetworkInterceptor(OllamaHttp.MARK_CONNECTED)
        .build();
  }

  public HttpUrl baseUrl() {
    return baseUrl;
  }

  @Override
  public String describe() {
    return "Ollama at " + http.shownUrl();
  }

  /** The server's version from {@code GET /api/version}, e.g. {@code 0.12.3}. */
  public String version() {
    OllamaWire.Version answer =
        http.get(listClient, timeouts.list(), VERSION, OllamaWire.Version.class);
    if (answer.version() == null) {
      throw http.missing("GET /" + VERSION, "version");
    }
    return answer.version();
  }

  /**
   * The resident models from {@code GET /api/ps}, those being stopped included. The whole answer is
   * checked before anything is returned, so no decision rests on a half-understood list.
   */
  @Override
  public List<LoadedModel> loadedModels() {
    String endpoint = "GET /" + PS;
    tags.residentModelsRead();
    OllamaWire.Ps answer = http.get(listClient, timeouts.list(), PS, OllamaWire.Ps.class);
    if (answer.models() == null) {
      throw http.missing(endpoint, "models");
    }
    List<LoadedModel> models = new ArrayList<>();
    for (int i = 0; i < answer.models().size(); i++) {
      models.add(toLoadedModel(answer.models().get(i), endpoint, "models[" + i + "]"));
    }
    return List.copyOf(models);
  }

  private LoadedModel toLoadedModel(OllamaWire.PsModel wire, String endpoint, String at) {
    if (wire == null) {
      throw http.protocol(endpoint, at + " is null", null);
    }
    ModelName name = modelName(wire.name(), wire.model(), endpoint, at);
    ByteSize size = size(wire.size(), endpoint, at + ".size");
    ByteSize vram =
        wire.sizeVram() == null
            ? ByteSize.ZERO
            : size(wire.sizeVram(), endpoint, at + ".size_vram");
    if (vram.compareTo(size) > 0) {
      throw http.protocol(endpoint, at + ".size_vram " + vram + " exceeds its size " + size, null);
    }
    if (wire.expiresAt() == null) {
      throw http.missing(endpoint, at + ".expires_at");
    }
    return new LoadedModel(name, size, vram, instant(wire.expiresAt(), endpoint, at));
  }

  /**
   * The context {@code model} runs at from {@code GET /api/ps} {@code context_length} (Ollama 0.10
   * and later); empty when it is not listed, is stopping, or the server does not say.
   */
  @Override
  public OptionalInt residentContext(ModelName model) {
    String endpoint = "GET /" + PS;
    tags.residentModelsRead();
    OllamaWire.Ps answer = http.get(listClient, timeouts.list(), PS, OllamaWire.Ps.class);
    if (answer.models() == null) {
      throw http.missing(endpoint, "models");
    }
    Instant now = clock.instant();
    for (int i = 0; i < answer.models().size(); i++) {
      OllamaWire.PsModel wire = answer.models().get(i);
      LoadedModel loaded = toLoadedModel(wire, endpoint, "models[" + i + "]");
      if (loaded.name().equals(model)
          && !loaded.isStoppingAt(now)
          && wire.contextLength() != null
          && wire.contextLength() > 0) {
        return OptionalInt.of(wire.contextLength());
      }
    }
    return OptionalInt.empty();
  }

  /** The installed models from {@code GET /api/tags}, read afresh. */
  @Override
  public Set<ModelName> installedModels() {
    return Set.copyOf(tags.read().names());
  }

  /**
   * The size of {@code model} on disk from {@code GET /api/tags}, the best figure for a model that
   * is not loaded; empty when it is not installed. The decision's reading serves it (see {@link
   * InstalledTags}).
   */
  @Override
  public Optional<ByteSize> sizeOf(ModelName model) {
    return tags.find(model).map(TagsReading.Listed::size);
  }

  /**
   * An installed model's facts ({@code /api/show}) and file size ({@code /api/tags}), read once per
   * digest and kept; empty when Ollama does not list the model.
   */
  public Optional<InstalledModel> installedModel(ModelName model) {
    return installed.find(model);
  }

  /** Asked for facts, it says what a model lacks. */
  @Override
  public boolean tellsFacts() {
    return true;
  }

  /**
   * Sends {@code {"model": M, "prompt": "", "keep_alive": 0}}; Ollama answers at once and frees the
   * memory a little later, when {@code /api/ps} stops listing the model. The empty prompt is
   * harmless everywhere and some servers refuse an unload without one.
   */
  @Override
  public void unload(ModelName model) {
    generate(model, null, OptionalInt.empty(), unloadClient);
  }

  /**
   * Sends {@code {"model": M, "prompt": "", "keep_alive": "15m"}} (the keep-alive as a Go duration,
   * never a bare-number string, which Ollama refuses) and returns once Ollama has loaded the model.
   * A model already resident is left alone: a second request whose options differ from those it was
   * loaded with would make Ollama reload it (a load at another context means to).
   */
  @Override
  public void load(ModelName model, KeepAlive keepAlive) {
    load(model, keepAlive, OptionalInt.empty());
  }

  /**
   * As {@link #load(ModelName, KeepAlive)}, at {@code numCtx} tokens per sequence when given: the
   * request then carries {@code "options": {"num_ctx": N}}, which outranks the Modelfile and {@code
   * OLLAMA_CONTEXT_LENGTH}.
   */
  @Override
  public void load(ModelName model, KeepAlive keepAlive, OptionalInt numCtx) {
    Objects.requireNonNull(keepAlive, "keepAlive");
    Objects.requireNonNull(numCtx, "numCtx");
    Instant now = clock.instant();
    boolean resident =
        loadedModels().stream().anyMatch(m -> m.name().equals(model) && !m.isStoppingAt(now));
    // Resident at another context: Ollama reloads it at the one asked for, as the plan counted.
    boolean elsewhere =
        resident
            && numCtx.isPresent()
            && residentContext(model).stream().anyMatch(tokens -> tokens != numCtx.getAsInt());
    if (!resident || elsewhere) {
      generate(model, keepAlive, numCtx, loadClient);
    }
  }

  /** A generate request with no prompt: a load, or an unload when {@code keepAlive} is null. */
  private void generate(
      ModelName model, KeepAlive keepAlive, OptionalInt numCtx, OkHttpClient client) {
    String endpoint = "POST /" + GENERATE;
    String body = generateBody(model, keepAlive, numCtx);
    String shown = spelling(model);
    OllamaWire.Generate answer =
        http.post(
            client,
            keepAlive == null ? timeouts.list() : timeouts.load(),
            GENERATE,
            body,
            Optional.of(
                keepAlive == null
                    ? OllamaHttp.Operation.unload(shown)
                    : OllamaHttp.Operation.load(shown)),
            OllamaWire.Generate.class);
    if (answer.done() == null) {
      throw http.missing(endpoint, "done");
    }
    if (!answer.done()) {
      throw http.protocol(endpoint, "done is false: the answer is a stream, not a load", null);
    }
  }

  private String generateBody(ModelName model, KeepAlive keepAlive, OptionalInt numCtx) {
    Buffer buffer = new Buffer();
    try (JsonWriter json = JsonWriter.of(buffer)) {
      json.beginObject();
      json.name("model").value(spelling(model));
      json.name("prompt").value("");
      json.name("stream").value(false);
      if (keepAlive == null) {
        json.name("keep_alive").value(0);
      } else {
        json.name("keep_alive").value(keepAlive.toGoDuration());
      }
      if (numCtx.isPresent()) {
        json.name("options").beginObject().name("num_ctx").value(numCtx.getAsInt()).endObject();
      }
      json.endObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory cannot fail", e);
    }
    return buffer.readUtf8();
  }

  private ModelName modelName(String name, String model, String endpoint, String at) {
    String text = name != null ? name : model;
    if (text == null) {
      throw http.missing(endpoint, at + ".name");
    }
    try {
      ModelName parsed = ModelName.parse(text);
      spellings.put(parsed, text);
      return parsed;
    } catch (IllegalArgumentException e) {
      throw http.protocol(endpoint, at + ".name: " + e.getMessage(), e);
    }
  }

  private String spelling(ModelName model) {
    return spellings.getOrDefault(model, model.toString());
  }

  private ByteSize size(Long bytes, String endpoint, String field) {
    if (bytes == null) {
      throw http.missing(endpoint, field);
    }
    if (bytes < 0) {
      throw http.protocol(endpoint, field + " is negative: " + bytes, null);
    }
    return ByteSize.ofBytes(bytes);
  }

  /** Go's RFC 3339 with up to nine fraction digits and a zone offset; year 2318 when pinned. */
  private Instant instant(String text, String endpoint, String at) {
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      throw http.protocol(endpoint, at + ".expires_at '" + text + "' is not an RFC 3339 time", e);
    }
  }
}

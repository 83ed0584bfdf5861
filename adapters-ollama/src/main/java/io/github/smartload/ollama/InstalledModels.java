package io.github.smartload.ollama;

import com.squareup.moshi.JsonWriter;
import io.github.smartload.core.ByteSize;
import io.github.smartload.core.ModelName;
import io.github.smartload.core.footprint.InstalledModel;
import io.github.smartload.core.footprint.ModelFacts;
import io.github.smartload.core.port.RuntimeRejectedException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.OkHttpClient;
import okio.Buffer;

/**
 * Installed models' facts: {@code /api/tags} for the digest and file size, then {@code /api/show}
 * once per digest (a model's content, and so its facts, change only with its digest). The short
 * answer comes first; the verbose one, with per-layer arrays and the tokenizer, only when the short
 * one leaves a fact missing.
 */
final class InstalledModels {

  private static final String TAGS = "api/tags";
  private static final String SHOW = "api/show";

  private final OllamaHttp http;
  private final OkHttpClient client;
  private final Duration timeout;
  private final Map<String, InstalledModel> byDigest = new ConcurrentHashMap<>();

  InstalledModels(OllamaHttp http, OkHttpClient client, Duration timeout) {
    this.http = http;
    this.client = client;
    this.timeout = timeout;
  }

  /** The model's facts, empty when Ollama does not list it as installed. */
  Optional<InstalledModel> find(ModelName model) {
    String endpoint = "GET /" + TAGS;
    OllamaWire.Tags tags = http.get(client, timeout, TAGS, OllamaWire.Tags.class);
    if (tags.models() == null) {
      throw http.missing(endpoint, "models");
    }
    for (int i = 0; i < tags.models().size(); i++) {
      OllamaWire.TagsModel listed = tags.models().get(i);
      String at = "models[" + i + "]";
      if (listed == null) {
        throw http.protocol(endpoint, at + " is null", null);
      }
      String spelling = listed.name() != null ? listed.name() : listed.model();
      if (spelling != null && sameModel(spelling, model)) {
        if (listed.digest() == null) {
          throw http.missing(endpoint, at + ".digest");
        }
        if (listed.size() == null || listed.size() < 0) {
          throw http.missing(endpoint, at + ".size");
        }
        if (listed.size() > ModelFacts.MAX_FILE_SIZE.bytes()) {
          throw http.protocol(
              endpoint, at + ".size " + listed.size() + " is past any model's", null);
        }
        ByteSize size = ByteSize.ofBytes(listed.size());
        return show(spelling, listed.digest(), size);
      }
    }
    return Optional.empty();
  }

  private Optional<InstalledModel> show(String spelling, String digest, ByteSize size) {
    InstalledModel cached = byDigest.get(digest);
    if (cached != null) {
      return Optional.of(cached);
    }
    Optional<ShowAnswer> brief = ask(spelling, false);
    if (brief.isEmpty()) {
      return Optional.empty();
    }
    ShowAnswer answer = brief.get();
    if (!ShownFacts.of(answer, Optional.of(size)).missingForFootprint().isEmpty()) {
      answer = ask(spelling, true).orElse(answer);
    }
    ModelFacts facts = ShownFacts.of(answer, Optional.of(size));
    InstalledModel model = new InstalledModel(digest, facts, ShownFacts.modelfileNumCtx(answer));
    byDigest.put(digest, model);
    return Optional.of(model);
  }

  /** One {@code /api/show}; empty when Ollama no longer knows the model (removed meanwhile). */
  private Optional<ShowAnswer> ask(String spelling, boolean verbose) {
    Buffer body = new Buffer();
    try (JsonWriter json = JsonWriter.of(body)) {
      json.beginObject().name("model").value(spelling);
      if (verbose) {
        json.name("verbose").value(true);
      }
      json.endObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory cannot fail", e);
    }
    try {
      return Optional.of(
          http.postStreaming(
              client,
              timeout,
              SHOW,
              body.readUtf8(),
              (json, endpoint) -> ShowAnswerReader.read(json)));
    } catch (RuntimeRejectedException e) {
      if (e.status() == 404) {
        return Optional.empty();
      }
      throw e;
    }
  }

  private static boolean sameModel(String listed, ModelName model) {
    try {
      return ModelName.parse(listed).equals(model);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}

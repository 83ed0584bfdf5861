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

  private static final String SHOW = "api/show";

  private final OllamaHttp http;
  private final OkHttpClient client;
  private final Duration timeout;
  private final InstalledTags tags;
  private final Map<String, InstalledModel> byDigest = new ConcurrentHashMap<>();

  InstalledModels(OllamaHttp http, OkHttpClient client, Duration timeout, InstalledTags tags) {
    this.http = http;
    this.client = client;
    this.timeout = timeout;
    this.tags = tags;
  }

  /** The model's facts, empty when Ollama does not list it as installed. */
  Optional<InstalledModel> find(ModelName model) {
    Optional<TagsReading.Listed> found = tags.find(model);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    TagsReading.Listed listed = found.get();
    String endpoint = TagsReading.ENDPOINT;
    if (listed.digest().isEmpty()) {
      throw http.missing(endpoint, listed.at() + ".digest");
    }
    if (listed.size().compareTo(ModelFacts.MAX_FILE_SIZE) > 0) {
      throw http.protocol(
          endpoint, listed.at() + ".size " + listed.size().bytes() + " is past any model's", null);
    }
    return show(listed.spelling(), listed.digest().get(), listed.size());
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
}

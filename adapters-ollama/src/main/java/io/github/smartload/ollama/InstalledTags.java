package io.github.smartload.ollama;

import io.github.smartload.core.ModelName;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.OkHttpClient;

/**
 * Ollama's installed models ({@code /api/tags}), read once for the lookups of one load decision:
 * its installed model's facts and its size. A reading serves a lookup only while it lists the model
 * (a miss reads again: the model may have been pulled since), no {@code /api/ps} has been read
 * since (every decision begins with one, so no decision answers from a list read before it began),
 * and it is younger than {@link #MAX_AGE} (the bound should a caller read in another order). The
 * list of all installed models is always read afresh: its caller looks for a model this class
 * cannot see. Safe for use from several threads.
 */
final class InstalledTags {

  static final Duration MAX_AGE = Duration.ofSeconds(1);

  private static final String TAGS = "api/tags";

  private final OllamaHttp http;
  private final OkHttpClient client;
  private final Duration timeout;
  private final Clock clock;
  private final TagsReading.Names names;
  private final AtomicLong residentReadings = new AtomicLong();
  private volatile Optional<Kept> kept = Optional.empty();

  /** A reading, and when it was made: after which {@code /api/ps} reading, at what time. */
  private record Kept(TagsReading reading, long residentReading, Instant readAt) {}

  InstalledTags(
      OllamaHttp http,
      OkHttpClient client,
      Duration timeout,
      Clock clock,
      TagsReading.Names names) {
    this.http = http;
    this.client = client;
    this.timeout = timeout;
    this.clock = clock;
    this.names = names;
  }

  /** A reading made now, kept for the lookups that follow it. */
  TagsReading read() {
    long residentReading = residentReadings.get();
    Instant readAt = clock.instant();
    TagsReading reading =
        TagsReading.of(http.get(client, timeout, TAGS, OllamaWire.Tags.class), http, names);
    kept = Optional.of(new Kept(reading, residentReading, readAt));
    return reading;
  }

  /** {@code model} as listed, from the kept reading where it still serves; else read now. */
  Optional<TagsReading.Listed> find(ModelName model) {
    Optional<TagsReading.Listed> listed =
        kept.filter(this::serves).flatMap(reading -> reading.reading().find(model));
    return listed.isPresent() ? listed : read().find(model);
  }

  /** Ollama's resident models are being read: a decision may begin, and needs a list of its own. */
  void residentModelsRead() {
    residentReadings.incrementAndGet();
  }

  private boolean serves(Kept reading) {
    return reading.residentReading() == residentReadings.get()
        && reading.readAt().plus(MAX_AGE).isAfter(clock.instant());
  }
}

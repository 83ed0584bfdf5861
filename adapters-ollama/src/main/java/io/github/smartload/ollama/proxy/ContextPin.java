package io.github.smartload.ollama.proxy;

import io.github.smartload.core.Decision;
import io.github.smartload.core.ModelName;
import io.github.smartload.core.admission.Answer;
import io.github.smartload.core.port.ModelReader;
import io.github.smartload.core.port.ModelRuntimeException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import okio.Buffer;
import okio.BufferedSink;
import okio.BufferedSource;
import okio.Okio;

/**
 * Keeps a resident model at its context: a request that names no {@code num_ctx} is forwarded with
 * the context the model runs at now ({@code /api/ps} {@code context_length}), since Ollama would
 * otherwise give it the model's default and, where that differs, reload the model (unload, then a
 * load of seconds to minutes). A context the client named is never changed.
 *
 * <p>Only Ollama's native endpoints carry {@code options}; the OpenAI-compatible ones ({@code
 * /v1/...}) have no field for a context, and Ollama runs them at the model's default.
 */
final class ContextPin {

  /** The endpoints whose body has Ollama's {@code options} (api/types.go). */
  static final Set<String> NATIVE_PATHS =
      Set.of("/api/generate", "/api/chat", "/api/embed", "/api/embeddings");

  /**
   * The body to forward, whether it is a copy of the client's (this closes it), and what to add to
   * the request's log note.
   */
  record Forwarded(SpooledBody body, boolean copy, String note) implements AutoCloseable {

    static Forwarded untouched(SpooledBody body) {
      return new Forwarded(body, false, "");
    }

    /** {@code note} with this request's own, if any, after it. */
    String note(String note) {
      if (this.note.isEmpty()) {
        return note;
      }
      return note.isEmpty() ? this.note : note + ", " + this.note;
    }

    /** Deletes a rewritten copy; the client's own body is closed by its owner. */
    @Override
    public void close() {
      if (copy) {
        body.close();
      }
    }
  }

  private final ModelReader runtime;
  private final BodySpool bodies;
  private final ProxyMetrics metrics;
  private final ProxyLog log;

  /** {@code bodies}' memory budget is held for what reading and copying a body takes. */
  ContextPin(ModelReader runtime, BodySpool bodies, ProxyMetrics metrics, ProxyLog log) {
    this.runtime = runtime;
    this.bodies = bodies;
    this.metrics = metrics;
    this.log = log;
  }

  /**
   * The body to forward for a request to {@code path} admitted for {@code model} by {@code route}:
   * {@code body} itself, or a copy with {@code options.num_ctx} set to the model's resident
   * context. Anything that goes wrong on the way (the body unreadable as JSON, Ollama not telling)
   * forwards the body untouched.
   */
  Forwarded pin(String path, SpooledBody body, ModelName model, Answer.Route route) {
    OptionalInt fitted =
        route instanceof Answer.Loaded loaded ? loaded.fitted() : OptionalInt.empty();
    if (!NATIVE_PATHS.contains(path) || (loadedNow(route) && fitted.isEmpty())) {
      return Forwarded.untouched(body);
    }
    // Moshi buffers a string value whole, so reading a spooled body may take its length in heap;
    // a copy in memory takes the length of the body it copies, for as long as it is forwarded.
    Optional<Runnable> held = bodies.hold(body.length());
    if (held.isEmpty()) {
      log.warn(
          "num_ctx not pinned for POST "
              + path
              + " "
              + model
              + ": request bodies in flight hold the proxy's memory budget; forwarding as is");
      return Forwarded.untouched(body);
    }
    boolean kept = false;
    try {
      if (scan(body) != ContextOption.Scan.ABSENT) {
        return Forwarded.untouched(body);
      }
      // Loaded at a fitted context: forwarded at it, or Ollama would reload at its default.
      OptionalInt context = fitted.isPresent() ? fitted : runtime.residentContext(model);
      if (context.isEmpty()) {
        return Forwarded.untouched(body);
      }
      SpooledBody pinned = rewrite(body, context.getAsInt(), held.get());
      kept = !body.isSpooled(); // the in-memory copy gives the budget back when closed
      if (fitted.isPresent()) {
        return new Forwarded(pinned, true, "num_ctx " + context.getAsInt() + " fitted");
      }
      metrics.reloadAvoided(model);
      return new Forwarded(pinned, true, "num_ctx " + context.getAsInt() + " kept");
    } catch (ModelRuntimeException | IOException | UncheckedIOException e) {
      log.warn(
          "num_ctx not pinned for POST "
              + path
              + " "
              + model
              + ": "
              + e.getMessage()
              + "; forwarding as is");
      return Forwarded.untouched(body);
    } finally {
      if (!kept) {
        held.get().run();
      }
    }
  }

  /**
   * The proxy's own smart load has just loaded the model, with no options: it runs at Ollama's
   * default, which is what a request naming no context gets, so there is nothing to keep.
   */
  private static boolean loadedNow(Answer.Route route) {
    return route instanceof Answer.Loaded loaded
        && !(loaded.result().decision() instanceof Decision.AlreadyLoaded);
  }

  private static ContextOption.Scan scan(SpooledBody body) throws IOException {
    return ContextOption.scan(body.open());
  }

  /** In memory when the body was; else a temporary file of its own, deleted when closed. */
  private static SpooledBody rewrite(SpooledBody body, int context, Runnable release)
      throws IOException {
    if (!body.isSpooled()) {
      Buffer out = new Buffer();
      try (BufferedSource in = body.open()) {
        ContextOption.pin(in, out, context);
      }
      return SpooledBody.inMemory(out.readByteArray(), release);
    }
    Path file = Files.createTempFile("smartload-body-", ".json");
    try (BufferedSource in = body.open();
        BufferedSink out = Okio.buffer(Okio.sink(file))) {
      ContextOption.pin(in, out, context);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(file);
      throw e;
    }
    return SpooledBody.inFile(file, Files.size(file), () -> deleteQuietly(file));
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // a temporary file left behind; the OS cleans its temp dir
    }
  }
}

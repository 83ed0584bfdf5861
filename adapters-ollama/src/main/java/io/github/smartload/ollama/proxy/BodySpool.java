package io.github.smartload.ollama.proxy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import okio.BufferedSource;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

/**
 * Reads the bodies of model-bearing requests within two budgets shared by all requests in flight:
 * heap and temporary-file bytes. A body stays in memory up to {@link #IN_MEMORY_MAX}; a larger one
 * goes to a temporary file, so that 100 clients each sending 64 MiB take disk, not heap.
 *
 * <p>Spooled, not streamed after reading as far as {@code model}: Ollama's decoder takes the last
 * {@code model} key and refuses a body that is not valid JSON to its end, so only a whole body
 * tells which model Ollama will serve and whether it will serve one at all; a smart load on the
 * strength of a prefix could unload models for a request Ollama then rejects.
 *
 * <p>Read without holding a thread: the reader asks Jetty to call it back when bytes arrive, so a
 * client sending its body a byte a second costs a connection, not one of the proxy's threads; and
 * one slower than the minimum rate is dropped.
 */
final class BodySpool {

  /** The most one body keeps in memory before it goes to a file. */
  static final int IN_MEMORY_MAX = 1024 * 1024;

  /** A body may start slowly: the minimum rate is held from this long after the headers. */
  private static final long RATE_GRACE_NANOS = 2_000_000_000L;

  /** What reading a body came to. */
  sealed interface Outcome {}

  /** The body, read whole. */
  record Read(SpooledBody body) implements Outcome {}

  /** The body is longer than the limit; it was not read further. */
  record TooLarge() implements Outcome {}

  /** The budget of bodies in flight is used up: the client should come back shortly. */
  record NoRoom(String what) implements Outcome {}

  /** The body arrived slower than the minimum rate. */
  record TooSlow(long bytes, long millis) implements Outcome {}

  /** Reading failed: the client left, or Jetty failed the read (an idle timeout). */
  record Failed(Throwable cause) implements Outcome {}

  private final long memoryBudget;
  private final long fileBudget;
  private final long minRate;
  private final int inMemoryMax;
  private final AtomicLong inMemory = new AtomicLong();
  private final AtomicLong inFiles = new AtomicLong();

  BodySpool(ProxyLimits limits) {
    this.memoryBudget = limits.bodyBudget().bytes();
    this.fileBudget = limits.spoolBudget().bytes();
    this.minRate = limits.minBodyRate();
    this.inMemoryMax = (int) Math.min(IN_MEMORY_MAX, memoryBudget);
  }

  /** The error a client too slow with its body gets. */
  static String tooSlow(TooSlow slow, long minRate) {
    return "smartload: the request body arrived at "
        + (slow.millis() == 0 ? 0 : slow.bytes() * 1000 / slow.millis())
        + " bytes/s, below the minimum of "
        + minRate
        + "; the request was dropped";
  }

  /**
   * Reads the {@code model} field (and whether it is an unload) of a body sent to {@code path}, or
   * empty when the memory budget has no room for it. Moshi's reader buffers a string value whole to
   * find its end, so reading a spooled body may take as much heap as its length: that much of the
   * budget is held while it is read.
   */
  Optional<ModelField.Result> model(SpooledBody body, String path) throws IOException {
    Optional<Runnable> held = hold(body.isSpooled() ? body.length() : 0);
    if (held.isEmpty()) {
      return Optional.empty();
    }
    try (BufferedSource source = body.open()) {
      return Optional.of(ModelField.read(source, path));
    } finally {
      held.get().run();
    }
  }

  /**
   * Holds {@code bytes} of the memory budget until the returned action runs (once); empty when the
   * budget has no room for them.
   */
  Optional<Runnable> hold(long bytes) {
    if (inMemory.addAndGet(bytes) > memoryBudget) {
      inMemory.addAndGet(-bytes);
      return Optional.empty();
    }
    AtomicBoolean released = new AtomicBoolean();
    return Optional.of(
        () -> {
          if (released.compareAndSet(false, true)) {
            inMemory.addAndGet(-bytes);
          }
        });
  }

  /** Heap bytes the bodies in flight hold now. */
  long inMemory() {
    return inMemory.get();
  }

  /**
   * Reads the body of {@code request}, then hands the outcome to {@code then}: at once when the
   * body is there already, else on a Jetty thread once the rest has arrived.
   */
  void read(Request request, long limit, Consumer<Outcome> then) {
    if (request.getLength() > limit) {
      then.accept(new TooLarge());
      return;
    }
    new Reader(request, limit, then).run();
  }

  /** One body being read; each arrival of bytes runs it again. */
  private final class Reader implements Runnable {
    private final Request request;
    private final long limit;
    private final Consumer<Outcome> then;
    private final long started = System.nanoTime();
    private ByteArrayOutputStream memory = new ByteArrayOutputStream();
    private final byte[] scratch = new byte[16 * 1024];
    private long memoryHeld;
    private long fileHeld;
    private long length;
    private Path file;
    private OutputStream out;

    Reader(Request request, long limit, Consumer<Outcome> then) {
      this.request = request;
      this.limit = limit;
      this.then = then;
    }

    @Override
    public void run() {
      Outcome outcome;
      try {
        outcome = readAvailable();
      } catch (IOException | RuntimeException e) {
        outcome = new Failed(e);
      }
      if (outcome == null) {
        request.demand(this); // no thread waits: Jetty calls back when bytes arrive
        return;
      }
      if (!(outcome instanceof Read)) {
        release();
      }
      then.accept(outcome);
    }

    /** Reads what has arrived; null when more is to come. */
    private Outcome readAvailable() throws IOException {
      while (true) {
        Content.Chunk chunk = request.read();
        if (chunk == null) {
          return tooSlow() ? new TooSlow(length, millis()) : null;
        }
        if (Content.Chunk.isFailure(chunk)) {
          return new Failed(chunk.getFailure());
        }
        try {
          Outcome refused = take(chunk.getByteBuffer());
          if (refused != null) {
            return refused;
          }
        } finally {
          chunk.release();
        }
        if (chunk.isLast()) {
          return finish();
        }
      }
    }

    private Outcome take(ByteBuffer bytes) throws IOException {
      int n = bytes.remaining();
      if (length + n > limit) {
        return new TooLarge();
      }
      if (out == null && length + n > inMemoryMax) {
        if (!reserveFile(length)) {
          return new NoRoom("request bodies in flight fill the proxy's spool budget");
        }
        file = Files.createTempFile("smartload-body-", ".json");
        out = Files.newOutputStream(file);
        memory.writeTo(out);
        memory = new ByteArrayOutputStream(0); // drop the up to 1 MiB array it grew
        inMemory.addAndGet(-memoryHeld); // what was in memory is in the file now
        memoryHeld = 0;
      }
      if (out != null) {
        if (!reserveFile(n)) {
          return new NoRoom("request bodies in flight fill the proxy's spool budget");
        }
        write(bytes, out, scratch);
      } else {
        if (!reserveMemory(n)) {
          return new NoRoom("request bodies in flight hold the proxy's memory budget");
        }
        write(bytes, memory, scratch);
      }
      length += n;
      return null;
    }

    private Outcome finish() throws IOException {
      if (out == null) {
        return new Read(SpooledBody.inMemory(memory.toByteArray(), this::release));
      }
      out.close();
      return new Read(SpooledBody.inFile(file, length, this::release));
    }

    private boolean tooSlow() {
      long elapsed = System.nanoTime() - started - RATE_GRACE_NANOS;
      return minRate > 0 && elapsed > 0 && length < minRate * elapsed / 1_000_000_000L;
    }

    private long millis() {
      return (System.nanoTime() - started) / 1_000_000;
    }

    private boolean reserveMemory(long bytes) {
      if (inMemory.addAndGet(bytes) > memoryBudget) {
        inMemory.addAndGet(-bytes);
        return false;
      }
      memoryHeld += bytes;
      return true;
    }

    private boolean reserveFile(long bytes) {
      if (inFiles.addAndGet(bytes) > fileBudget) {
        inFiles.addAndGet(-bytes);
        return false;
      }
      fileHeld += bytes;
      return true;
    }

    /** Gives back what this body held, once: its memory, its file bytes, its file. */
    private synchronized void release() {
      inMemory.addAndGet(-memoryHeld);
      inFiles.addAndGet(-fileHeld);
      memoryHeld = 0;
      fileHeld = 0;
      try {
        if (out != null) {
          out.close();
        }
        if (file != null) {
          Files.deleteIfExists(file);
        }
      } catch (IOException e) {
        // a temporary file left behind; the OS cleans its temp dir
      }
      out = null;
      file = null;
    }
  }

  /** Copies {@code bytes} out through {@code scratch}: Jetty's buffers are often direct. */
  private static void write(ByteBuffer bytes, OutputStream out, byte[] scratch) throws IOException {
    if (bytes.hasArray()) {
      out.write(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining());
      bytes.position(bytes.limit());
      return;
    }
    while (bytes.hasRemaining()) {
      int n = Math.min(scratch.length, bytes.remaining());
      bytes.get(scratch, 0, n);
      out.write(scratch, 0, n);
    }
  }
}

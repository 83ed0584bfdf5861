package io.github.smartload.ollama.proxy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
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
 */
final class BodySpool {

  /** The most one body keeps in memory before it goes to a file. */
  static final int IN_MEMORY_MAX = 1024 * 1024;

  private static final int CHUNK = 16 * 1024;

  /** What reading a body came to. */
  sealed interface Outcome {}

  /** The body, read whole. */
  record Read(SpooledBody body) implements Outcome {}

  /** The body is longer than the limit; it was not read further. */
  record TooLarge() implements Outcome {}

  /** The budget of bodies in flight is used up: the client should come back shortly. */
  record NoRoom(String what) implements Outcome {}

  private final long memoryBudget;
  private final long fileBudget;
  private final int inMemoryMax;
  private final AtomicLong inMemory = new AtomicLong();
  private final AtomicLong inFiles = new AtomicLong();
  private final AtomicLong peakInMemory = new AtomicLong();

  BodySpool(ProxyLimits limits) {
    this.memoryBudget = limits.bodyBudget().bytes();
    this.fileBudget = limits.spoolBudget().bytes();
    this.inMemoryMax = (int) Math.min(IN_MEMORY_MAX, memoryBudget);
  }

  /** Heap bytes the bodies in flight hold now. */
  long inMemory() {
    return inMemory.get();
  }

  /** The most heap bytes bodies have held at once since the proxy started. */
  long peakInMemory() {
    return peakInMemory.get();
  }

  Outcome read(Request request, long limit) throws IOException {
    if (request.getLength() > limit) {
      return new TooLarge();
    }
    Held held = new Held();
    boolean done = false;
    try (InputStream in = Content.Source.asInputStream(request)) {
      ByteArrayOutputStream memory = new ByteArrayOutputStream();
      byte[] buffer = new byte[CHUNK];
      int n;
      while ((n = in.read(buffer)) != -1) {
        if (memory.size() + (long) n > limit) {
          return new TooLarge();
        }
        if (memory.size() + n > inMemoryMax) {
          Outcome spooled = spool(memory, buffer, n, in, limit, held);
          done = spooled instanceof Read;
          return spooled;
        }
        if (!held.reserveMemory(n)) {
          return new NoRoom("request bodies in flight hold the proxy's memory budget");
        }
        memory.write(buffer, 0, n);
      }
      done = true;
      return new Read(SpooledBody.inMemory(memory.toByteArray(), held::release));
    } finally {
      if (!done) {
        held.release();
      }
    }
  }

  private Outcome spool(
      ByteArrayOutputStream memory, byte[] buffer, int n, InputStream in, long limit, Held held)
      throws IOException {
    if (!held.reserveFile(memory.size() + (long) n)) {
      return new NoRoom("request bodies in flight fill the proxy's spool budget");
    }
    Path file = Files.createTempFile("smartload-body-", ".json");
    held.path = file;
    long length;
    try (OutputStream out = Files.newOutputStream(file)) {
      memory.writeTo(out);
      out.write(buffer, 0, n);
      length = memory.size() + (long) n;
      held.releaseMemory(); // what was in memory is in the file now
      memory.reset();
      int read;
      while ((read = in.read(buffer)) != -1) {
        if (length + read > limit) {
          return new TooLarge();
        }
        if (!held.reserveFile(read)) {
          return new NoRoom("request bodies in flight fill the proxy's spool budget");
        }
        out.write(buffer, 0, read);
        length += read;
      }
    }
    return new Read(SpooledBody.inFile(file, length, held::release));
  }

  /** What one body holds of each budget, given back once. */
  private final class Held {
    private long memory;
    private long file;
    private Path path;

    boolean reserveMemory(long bytes) {
      long now = inMemory.addAndGet(bytes);
      if (now > memoryBudget) {
        inMemory.addAndGet(-bytes);
        return false;
      }
      peakInMemory.accumulateAndGet(now, Math::max);
      memory += bytes;
      return true;
    }

    boolean reserveFile(long bytes) {
      if (inFiles.addAndGet(bytes) > fileBudget) {
        inFiles.addAndGet(-bytes);
        return false;
      }
      file += bytes;
      return true;
    }

    void releaseMemory() {
      inMemory.addAndGet(-memory);
      memory = 0;
    }

    synchronized void release() {
      releaseMemory();
      inFiles.addAndGet(-file);
      file = 0;
      if (path != null) {
        try {
          Files.deleteIfExists(path);
        } catch (IOException e) {
          // a temporary file left behind; the OS cleans its temp dir
        }
        path = null;
      }
    }
  }
}

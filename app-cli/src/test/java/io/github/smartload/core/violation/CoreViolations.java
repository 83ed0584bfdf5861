package io.github.smartload.core.violation;

import com.squareup.moshi.Moshi;
import io.github.smartload.ollama.OllamaHost;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.logging.Logger;

/**
 * Test-only classes that break core's rules on purpose, one rule each, so that a test can show
 * every rule catching its violation. They sit in core's package tree but never in its jar.
 */
final class CoreViolations {

  private CoreViolations() {}

  static final class KnowsTheOllamaAdapter {
    String host() {
      return OllamaHost.parse("box:1234").toString();
    }
  }

  static final class UsesAThirdPartyLibrary {
    Object moshi() {
      return new Moshi.Builder().build();
    }
  }

  static final class LogsWithJul {
    void log() {
      Logger.getLogger("core").info("decided");
    }
  }

  static final class LogsWithSystemLogger {
    void log() {
      System.getLogger("core").log(System.Logger.Level.INFO, "decided");
    }
  }

  static final class ReadsTheEnvironment {
    String margin() {
      return System.getenv("SMARTLOAD_MARGIN");
    }
  }

  static final class ReadsASystemProperty {
    String home() {
      return System.getProperty("user.home");
    }
  }

  static final class StartsAThread {
    void run() {
      new Thread(() -> {}).start();
    }
  }

  static final class UsesAnExecutor {
    void run() {
      Executors.newSingleThreadExecutor().shutdown();
    }
  }

  static final class RunsAsync {
    CompletableFuture<String> run() {
      return CompletableFuture.supplyAsync(() -> "later");
    }
  }

  static final class UsesTheCommonPool {
    void run() {
      ForkJoinPool.commonPool().execute(() -> {});
    }
  }

  static final class StreamsInParallel {
    long count(List<String> names) {
      return names.parallelStream().count();
    }
  }

  static final class UsesTheNetwork {
    URI upstream() {
      return URI.create("http://127.0.0.1:11434");
    }
  }

  static final class PrintsToStandardOut {
    void show() {
      System.out.println("decided");
    }
  }
}

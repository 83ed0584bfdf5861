package io.github.smartload.cli;

import io.github.smartload.core.ByteSize;
import io.github.smartload.core.KeepAlive;
import io.github.smartload.core.admission.AdmissionSettings;
import io.github.smartload.core.port.LoadListener;
import io.github.smartload.core.port.MemoryProbe;
import io.github.smartload.core.port.ModelRuntime;
import io.github.smartload.core.port.ModelRuntimeException;
import io.github.smartload.ollama.OllamaHost;
import io.github.smartload.ollama.proxy.OllamaProxy;
import io.github.smartload.ollama.proxy.OriginRule;
import io.github.smartload.ollama.proxy.ProxyConfig;
import io.github.smartload.ollama.proxy.ProxyLimits;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code smartload serve}: the Ollama-compatible proxy. Listens (loopback by default), smart-loads
 * before every request that brings a model in, forwards everything to Ollama, and stops gracefully
 * on SIGTERM.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description =
        "Run the Ollama-compatible proxy: point clients at it instead of Ollama, and every model"
            + " they ask for is smart-loaded first.")
final class ServeCommand implements Callable<Integer> {

  private static final int DEFAULT_MIN_CONTEXT = 2048;

  @ParentCommand SmartloadCommand parent;

  @Spec CommandSpec spec;

  @Option(
      names = "--listen",
      paramLabel = "HOST:PORT",
      description = "Where to listen (default 127.0.0.1:11435; other hosts only when given here).")
  String listen = "127.0.0.1:" + ProxyConfig.DEFAULT_PORT;

  @Option(
      names = "--strict",
      description =
          "Answer 507 when a model cannot fit even after unloading (default: load anyway).")
  boolean strict;

  @Option(
      names = "--busy-timeout",
      paramLabel = "DURATION",
      description =
          "How long a load waits for busy models to finish before answering 503 (120s, or the"
              + " config's busyTimeout).")
  Duration busyTimeout;

  @Option(
      names = "--client-idle-timeout",
      paramLabel = "DURATION",
      description =
          "How long a client may send or take nothing while its body is read or its answer"
              + " written; waiting for Ollama does not count (5m, or the config's"
              + " clientIdleTimeout).")
  Duration clientIdleTimeout;

  @Option(
      names = "--upstream-timeout",
      paramLabel = "DURATION",
      description =
          "How long Ollama may send nothing before the request gets 504 (15m, or the config's"
              + " upstreamTimeout).")
  Duration upstreamTimeout;

  @Option(
      names = "--max-body",
      paramLabel = "SIZE",
      description = "Largest body of a model-bearing request; larger ones get 413 (64MiB).")
  ByteSize maxBody = ProxyConfig.DEFAULT_MAX_BODY;

  @Option(
      names = "--body-budget",
      paramLabel = "SIZE",
      description =
          "Memory all request bodies in flight may hold together; beyond it a request gets 503"
              + " (256MiB, or the config's bodyBudget).")
  ByteSize bodyBudget;

  @Option(
      names = "--min-body-rate",
      paramLabel = "SIZE",
      description =
          "Slowest a client may send a request body, per second, after a 2 s grace; a slower"
              + " one is dropped with 408 (1KiB; 0 turns the check off).")
  ByteSize minBodyRate;

  @Option(
      names = "--keep-alive",
      paramLabel = "DURATION",
      description =
          "How long a model the proxy loads stays resident (default 15m, or the config's).")
  KeepAlive keepAlive;

  @Option(
      names = "--min-residency",
      paramLabel = "DURATION",
      description =
          "A model loaded more recently than this is not unloaded for another: the load waits"
              + " (up to --busy-timeout) instead; 0 turns it off (default 0).")
  Duration minResidency = ProxyConfig.DEFAULT_MIN_RESIDENCY;

  @Option(
      names = "--fail-open",
      description =
          "When memory cannot be read, forward a load unchecked (with a WARN each time) instead"
              + " of answering 503 (or the config's failOpen).")
  boolean failOpen;

  @Option(
      names = "--fit-context",
      negatable = true,
      description =
          "A request naming no num_ctx whose default context does not fit gets the largest that"
              + " fits (a multiple of 256, never below --min-context) instead of unloading; a"
              + " context the client named is never changed (default off, or the config's"
              + " fitContext).")
  Boolean fitContext;

  @Option(
      names = "--min-context",
      paramLabel = "TOKENS",
      description =
          "The smallest context --fit-context gives a request (default 2048, or the config's"
              + " minContext).")
  Integer minContext;

  @Mixin UnloadTimeout unloadTimeout;

  private final Invocation invocation;
  private final Connections connections;
  private final Provider<OkHttpClient> client;
  private final ShutdownSignal shutdown;

  @Inject
  ServeCommand(
      Invocation invocation,
      Connections connections,
      Provider<OkHttpClient> client,
      ShutdownSignal shutdown) {
    this.invocation = invocation;
    this.connections = connections;
    this.client = client;
    this.shutdown = shutdown;
  }

  @Override
  public Integer call() throws InterruptedException {
    Invocation.Started run = invocation.start(parent.options(), spec);
    Settings settings = run.settings();
    Console console = run.console();
    if (console.json()) {
      throw new ConfigException("serve writes a log, one line a request, not JSON: drop --json");
    }
    ProxyConfig config = config(settings);
    MemoryProbe probe = connections.probe(settings);
    RuntimeConnector.Connection ollama = connections.runtime(settings);
    ModelRuntime runtime = ollama.runtime();
    LoadListener decisions = console.loadLog(settings.policy().margin());
    OllamaProxy proxy =
        new OllamaProxy(
            config,
            probe,
            connections.gpus(settings),
            runtime,
            connections.admission(
                admission(config, settings),
                connections.loader(settings, probe, runtime, unloadTimeout.value),
                runtime,
                decisions),
            client.get(),
            new ConsoleProxyLog(console));
    try {
      proxy.start();
    } catch (java.io.UncheckedIOException e) {
      throw new ConfigException(e.getMessage() + "; choose another with --listen");
    }
    InetSocketAddress address = proxy.address();
    console.line(BuildInfo.line());
    Messages text = console.messages();
    console.line(
        text.text(
            config.strict() ? "serve.listening.strict" : "serve.listening",
            "http://" + address.getHostString() + ":" + address.getPort() + "/",
            config.upstream()));
    Exposure.warning(config.listen()).ifPresent(console::line);
    shutdown.onShutdown(
        () -> {
          console.line(text.text("serve.stopping", config.shutdownGrace().toSeconds()));
          proxy.close();
        });
    warnIfDown(ollama, console);
    proxy.awaitStop();
    return ExitCode.DONE;
  }

  /**
   * Ollama down at start is no reason not to serve (it may start later, or restart): one WARN line
   * says so, and requests get 502 until it answers.
   */
  private static void warnIfDown(RuntimeConnector.Connection ollama, Console console) {
    try {
      ollama.version();
    } catch (ModelRuntimeException e) {
      String down = new ErrorLines(console.messages()).failure(e, false);
      console.line("WARN " + console.messages().text("serve.ollama.down", down));
    }
  }

  /** Core's admission settings: the proxy's, failing open when the flag or the file says so. */
  AdmissionSettings admission(ProxyConfig config, Settings settings) {
    AdmissionSettings admission =
        config.admission().withFailOpen(failOpen || settings.serve().failOpen().orElse(false));
    if (minContext != null && minContext < 1) {
      throw new ParameterException(
          spec.commandLine(),
          "--min-context must be a positive number of tokens, not " + minContext);
    }
    ServeSettings serve = settings.serve();
    return pick(fitContext, serve.fitContext(), false)
        ? admission.withFitContext(pick(minContext, serve.minContext(), DEFAULT_MIN_CONTEXT))
        : admission;
  }

  /** The proxy's settings from the options and the resolved settings. */
  ProxyConfig config(Settings settings) {
    ServeSettings serve = settings.serve();
    HttpUrl upstream;
    try {
      upstream = OllamaHost.parse(settings.host());
    } catch (IllegalArgumentException e) {
      throw new ConfigException("Ollama host '" + settings.host() + "': " + e.getMessage());
    }
    try {
      return ProxyConfig.defaults(upstream)
          .withListen(ListenAddress.parse(listen))
          .withStrict(strict)
          .withBusyTimeout(pick(busyTimeout, serve.busyTimeout(), ProxyConfig.DEFAULT_BUSY_TIMEOUT))
          .withLimits(limits(serve)) // first: the body limit is checked against its budget
          .withMaxBody(maxBody)
          .withOrigins(OriginRule.ollama(ollamaOrigins(settings)))
          .withMinResidency(minResidency)
          .withKeepAlive(keepAlive != null ? keepAlive : settings.keepAlive());
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage());
    }
  }

  private ProxyLimits limits(ServeSettings serve) {
    ProxyLimits defaults = ProxyLimits.defaults();
    return defaults
        .withClientIdleTimeout(
            pick(clientIdleTimeout, serve.clientIdleTimeout(), defaults.clientIdleTimeout()))
        .withUpstreamTimeout(
            pick(upstreamTimeout, serve.upstreamTimeout(), defaults.upstreamTimeout()))
        .withBodyBudget(pick(bodyBudget, serve.bodyBudget(), defaults.bodyBudget()))
        .withMinBodyRate(minBodyRate != null ? minBodyRate.bytes() : defaults.minBodyRate());
  }

  /**
   * {@code OLLAMA_ORIGINS} as smartload's environment or config file give it, else as Ollama's
   * systemd unit sets it (read as doctor reads it): the proxy must refuse what Ollama refuses.
   */
  private static Optional<String> ollamaOrigins(Settings settings) {
    return settings
        .serve()
        .ollamaOrigins()
        .or(
            () ->
                new SystemdUnit(settings.systemdRoot(), "ollama.service")
                    .environment("OLLAMA_ORIGINS")
                    .map(SystemdUnit.Assignment::value));
  }

  /** The flag if given, else the config file's value, else the default. */
  private static <T> T pick(T flag, Optional<T> fromFile, T fallback) {
    return flag != null ? flag : fromFile.orElse(fallback);
  }
}

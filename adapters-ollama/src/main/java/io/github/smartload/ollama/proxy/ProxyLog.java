package io.github.smartload.ollama.proxy;

/**
 * Where the proxy writes its own lines: one a request, and warnings (a load skipped, a model that
 * will not fit). Decisions are logged by the {@link io.github.smartload.core.port.LoadListener} the
 * application chains into the loader.
 */
public interface ProxyLog {

  ProxyLog NONE =
      new ProxyLog() {
        @Override
        public void info(String line) {}

        @Override
        public void warn(String line) {}
      };

  void info(String line);

  void warn(String line);
}

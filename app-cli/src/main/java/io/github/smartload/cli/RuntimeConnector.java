package io.github.smartload.cli;

import io.github.smartload.core.port.ModelRuntime;

/**
 * Opens the model runtime at an address. Bound by {@link OllamaModule}; the address is known only
 * once the options are parsed, so commands ask for the runtime rather than have it injected.
 */
interface RuntimeConnector {

  /**
   * @param host the address as OLLAMA_HOST would give it ({@code 127.0.0.1:11434}, {@code
   *     http://box}...)
   * @throws IllegalArgumentException when {@code host} is no usable address
   */
  Connection connect(String host);

  /** A connected runtime and the version of the server behind it. */
  interface Connection {
    ModelRuntime runtime();

    /**
     * @throws io.github.smartload.core.port.ModelRuntimeException when the server cannot tell
     */
    String version();
  }
}

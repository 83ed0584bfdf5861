/** The Ollama-compatible proxy that smart-loads before every model-bearing request. */
package io.github.smartload.ollama.proxy;

/**
 * Where a model's layers land: how many go to each GPU and how many bytes each memory pool (every
 * discrete GPU, and system RAM) holds, predicted as llama-server's fit and Ollama's choice of GPUs
 * make it. Pure: no I/O, no clock.
 */
package io.github.smartload.core.placement;

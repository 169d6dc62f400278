// AudioWorklet: hands the microphone's samples (channel 0) to the page in blocks of 2048.
class VitrineCapture extends AudioWorkletProcessor {
  constructor() {
    super();
    this.block = new Float32Array(2048);
    this.fill = 0;
  }
  process(inputs) {
    const input = inputs[0] && inputs[0][0];
    if (input) {
      for (let i = 0; i < input.length; i++) {
        this.block[this.fill++] = input[i];
        if (this.fill === this.block.length) {
          this.port.postMessage(this.block.slice(0));
          this.fill = 0;
        }
      }
    }
    return true;
  }
}
registerProcessor('vitrine-capture', VitrineCapture);

/**
 * The documents holding one term, each with a weight (a count, or a log-scaled frequency), in two
 * typed arrays that grow by doubling. An index has millions of these pairs: typed arrays store each
 * in 8 bytes, where two JavaScript arrays take 16 and more.
 */
export class Postings {
  ids: Int32Array;
  weights: Float32Array;
  length = 0;

  constructor(capacity = 4) {
    this.ids = new Int32Array(capacity);
    this.weights = new Float32Array(capacity);
  }

  add(id: number, weight: number): void {
    if (this.length === this.ids.length) {
      const ids = new Int32Array(this.length * 2);
      const weights = new Float32Array(this.length * 2);
      ids.set(this.ids);
      weights.set(this.weights);
      this.ids = ids;
      this.weights = weights;
    }
    this.ids[this.length] = id;
    this.weights[this.length] = weight;
    this.length += 1;
  }

  /** Removes the document's entry, keeping the others in order. */
  remove(id: number): void {
    const at = this.ids.subarray(0, this.length).indexOf(id);
    if (at < 0) return;
    this.ids.copyWithin(at, at + 1, this.length);
    this.weights.copyWithin(at, at + 1, this.length);
    this.length -= 1;
  }
}

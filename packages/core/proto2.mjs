import { Packr, Unpackr } from 'msgpackr';
import fc from 'fast-check';
const keyArb = fc.string({maxLength:2});
const objArb = fc.letrec(tie => ({
  v: fc.oneof({depthSize:'small'}, fc.integer(), fc.string(), fc.array(tie('v'), {maxLength:3}), fc.dictionary(keyArb, tie('v'), {maxKeys: 5, noNullPrototype: true})),
}));
let runs = 0;
for (const [maxShared, maxOwn] of [[40, 8], [2, 3], [32, 32], [100, 300], [8, 70]]) {
  fc.assert(fc.property(fc.array(fc.array(objArb.v, {maxLength: 20}), {maxLength: 6}), (segments) => {
    const structures = [];
    const p = new Packr({ structures, maxSharedStructures: maxShared, maxOwnStructures: maxOwn, useFloat32: 0, useToJSON: false });
    const bufs = segments.map(s => Uint8Array.prototype.slice.call(p.pack(s)));
    const shared = structures.slice(0, structures.sharedLength ?? 0).map(k => [...k]);
    for (let i = 0; i < segments.length; i++) {
      const u = new Unpackr({ structures: shared.map(k => [...k]), mapsAsObjects: true });
      const out = u.unpack(bufs[i]);
      if (JSON.stringify(out) !== JSON.stringify(segments[i])) throw new Error(`mismatch ${maxShared}/${maxOwn}: ${JSON.stringify(segments[i])} -> ${JSON.stringify(out)}`);
    }
    runs++;
  }), { numRuns: 500 });
}
console.log('ok', runs);

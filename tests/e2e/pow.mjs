// The proof of work's header and its value, solved by ALTCHA's own library (`altcha-lib`, npm).
// Needs no test stack settings, so `tests/bench/bench.mjs` uses it too.
import { solveChallenge } from "altcha-lib";

export const POW_HEADER = "X-Sealdrop-Pow";

/** The header value for `challenge` solved by altcha-lib, or with the `number` given. */
export async function solution(challenge, number) {
  const c = challenge;
  let n = number;
  if (n === undefined) {
    const solved = await solveChallenge(c.challenge, c.salt, c.algorithm, c.maxnumber).promise;
    if (!solved) throw new Error(`altcha-lib found no solution for ${JSON.stringify(c)}`);
    n = solved.number;
  }
  const payload = { algorithm: c.algorithm, challenge: c.challenge, number: n, salt: c.salt, signature: c.signature };
  return Buffer.from(JSON.stringify(payload)).toString("base64");
}

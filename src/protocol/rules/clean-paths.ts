/**
 * Which parts of a partly invalid input the clinical rules may trust. A path is clean when no
 * structural problem lies on it, above it or below it; the rules only look at clean parts, so
 * one malformed field neither hides the other problems nor produces follow-on nonsense.
 *
 * The problem paths are kept in a trie, so building it is linear in the total length of the
 * paths and each question costs the length of the path asked about. (Comparing every path
 * asked about with every problem made validation quadratic: 32,000 invalid arms took 20 s.)
 */

/** A path into the input: object keys and array indices. */
export type Path = readonly PropertyKey[];

interface TrieNode {
  /** A problem lies exactly at this node's path. */
  problemHere: boolean;
  readonly children: Map<PropertyKey, TrieNode>;
}

const newNode = (): TrieNode => ({ problemHere: false, children: new Map() });

/**
 * `problemPaths` are the paths of structural problems (unknown fields excluded: they do not make
 * the known fields unreliable). Returns a test telling whether a path is clean.
 */
export function cleanChecker(problemPaths: readonly Path[]): (path: Path) => boolean {
  const root = newNode();
  for (const problem of problemPaths) {
    let node = root;
    for (const key of problem) {
      let child = node.children.get(key);
      if (!child) {
        child = newNode();
        node.children.set(key, child);
      }
      node = child;
    }
    node.problemHere = true;
  }
  return (path) => {
    let node = root;
    for (const key of path) {
      if (node.problemHere) return false; // a problem above the path
      const child = node.children.get(key);
      if (!child) return true; // no problem on or below the path
      node = child;
    }
    return !node.problemHere && node.children.size === 0; // a problem at or below the path
  };
}

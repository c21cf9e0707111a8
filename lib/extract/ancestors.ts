/**
 * "Is this element, or an ancestor of it below a root, one of these?", remembered per element. It answers
 * what `element.closest(selector)` checked against the root answers, but on a deeply nested page (thousands
 * of levels) every block shares thousands of ancestors, and `closest()` would test each of them again for
 * every block: remembered, each element is tested once.
 */
import { drain, type Steps } from './steps';

/** A walk up pauses (`yield`) once in this many levels: the first walk up a page nested 5,000 deep is thousands. */
const LEVELS_PER_STEP = 128;

export class AncestorTest {
  private readonly known = new Map<Element, boolean>();

  constructor(
    private readonly selector: string,
    /** Where the walk up stops; the root itself is not tested. */
    private readonly root: Element,
  ) {}

  /** Whether `element` or an ancestor of it, below the root, matches the selector. */
  test(element: Element | null): boolean {
    return drain(this.steps(element));
  }

  /** `test`, pausing now and then on a long walk up: run in slices (./steps.ts), a deep page does not block. */
  *steps(element: Element | null): Steps<boolean> {
    const walked: Element[] = [];
    let found = false;
    for (let at = element; at && at !== this.root; at = at.parentElement) {
      const known = this.known.get(at);
      if (known !== undefined) {
        found = known;
        break;
      }
      walked.push(at);
      if (at.matches(this.selector)) {
        found = true;
        break;
      }
      if (walked.length % LEVELS_PER_STEP === 0) yield;
    }
    // Each element walked has the answer of the first one that gave it (a match, or a remembered answer).
    for (const at of walked) this.known.set(at, found);
    return found;
  }
}

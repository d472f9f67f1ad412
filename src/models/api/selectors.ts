// Label selectors as Kubernetes evaluates them: metav1.LabelSelector (matchLabels AND
// matchExpressions with In / NotIn / Exists / DoesNotExist) and the node selector terms of node
// affinity (terms ORed; expressions within a term ANDed; Gt / Lt compare integers).
// Upstream: k8s.io/apimachinery/pkg/labels/selector.go, k8s.io/component-helpers/scheduling/corev1/nodeaffinity.

export type Labels = Readonly<Record<string, string>>;

export interface SelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Gt' | 'Lt';
  values?: readonly string[] | undefined;
}

export interface LabelSelector {
  matchLabels?: Labels | undefined;
  matchExpressions?: readonly SelectorRequirement[] | undefined;
}

export interface NodeSelectorTerm {
  matchExpressions?: readonly SelectorRequirement[] | undefined;
  matchFields?: readonly SelectorRequirement[] | undefined;
}

export function requirementMatches(requirement: SelectorRequirement, labels: Labels): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, requirement.key);
  const value = labels[requirement.key];
  const values = requirement.values ?? [];
  switch (requirement.operator) {
    case 'In':
      return has && values.includes(value as string);
    case 'NotIn':
      return !has || !values.includes(value as string);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    case 'Gt':
    case 'Lt': {
      if (!has || values.length !== 1) return false;
      const left = Number.parseInt(value as string, 10);
      const right = Number.parseInt(values[0] as string, 10);
      if (!Number.isFinite(left) || !Number.isFinite(right)) return false;
      return requirement.operator === 'Gt' ? left > right : left < right;
    }
  }
}

/**
 * metav1.LabelSelector semantics: every matchLabels pair and every expression must hold. An
 * empty selector ({}) matches everything; a missing (undefined) selector matches nothing, as
 * LabelSelectorAsSelector(nil) gives labels.Nothing().
 */
export function selectorMatches(selector: LabelSelector | undefined, labels: Labels): boolean {
  if (selector === undefined) return false;
  const matchLabels = selector.matchLabels;
  // for...in rather than Object.entries: no array of pairs per call (it runs for every pod a
  // selector is checked against).
  for (const key in matchLabels) {
    if (labels[key] !== matchLabels[key]) return false;
  }
  for (const requirement of selector.matchExpressions ?? []) {
    if (!requirementMatches(requirement, labels)) return false;
  }
  return true;
}

/** A plain map selector (Service.spec.selector, nodeSelector): every pair must match; empty matches all. */
export function mapSelectorMatches(selector: Labels | undefined, labels: Labels): boolean {
  for (const [key, value] of Object.entries(selector ?? {})) {
    if (labels[key] !== value) return false;
  }
  return true;
}

/**
 * Node affinity terms: the node matches if any term matches; a term matches if all its
 * expressions and fields match; a term with neither matches nothing. matchFields supports
 * metadata.name only, as upstream.
 */
export function nodeSelectorTermsMatch(terms: readonly NodeSelectorTerm[], labels: Labels, nodeName: string): boolean {
  return terms.some((term) => nodeSelectorTermMatches(term, labels, nodeName));
}

export function nodeSelectorTermMatches(term: NodeSelectorTerm, labels: Labels, nodeName: string): boolean {
  const expressions = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (expressions.length === 0 && fields.length === 0) return false;
  for (const requirement of expressions) if (!requirementMatches(requirement, labels)) return false;
  for (const requirement of fields) {
    if (requirement.key !== 'metadata.name') return false;
    if (!requirementMatches(requirement, { 'metadata.name': nodeName })) return false;
  }
  return true;
}

// English texts of the head roles (src/shared/headRoles.ts, docs/head-roles.md): the badges on the
// heads, the table of every score, the roles-over-training chart and the replay's roles; spread into
// the main dictionary (en.ts). Layer and head names come in as {head} from src/app/labels.ts.

export const rolesEn = {
  // ---------------------------------------------------------------- the roles, short (badges) and long
  'roles.short.previousToken': 'prev',
  'roles.short.firstToken': 'first',
  'roles.short.currentToken': 'self',
  'roles.short.duplicateToken': 'dup',
  'roles.short.induction': 'induct',
  'roles.short.previousLine': 'line',
  // One letter for the model map's smallest heads.
  'roles.tiny.previousToken': 'P',
  'roles.tiny.firstToken': 'F',
  'roles.tiny.currentToken': 'S',
  'roles.tiny.duplicateToken': 'D',
  'roles.tiny.induction': 'I',
  'roles.tiny.previousLine': 'L',
  'roles.name.previousToken': 'previous-token head',
  'roles.name.firstToken': 'first-token head',
  'roles.name.currentToken': 'current-token head',
  'roles.name.duplicateToken': 'duplicate-token head',
  'roles.name.induction': 'induction head',
  'roles.name.previousLine': 'previous-line head',
  // For a beginner: what a head of this kind does.
  'roles.explain.previousToken': 'Each token looks mostly at the token just before it: the head passes the previous word along.',
  'roles.explain.firstToken':
    'Each token looks mostly at the first token (<bos>). When a head finds nothing useful to look at, its attention has to go somewhere (a row always sums to 1): <bos> is its resting place.',
  'roles.explain.currentToken': 'Each token looks mostly at itself: the head keeps the token’s own information.',
  'roles.explain.duplicateToken': 'Each token looks back at earlier copies of the same token: the head notices “I have seen this before”.',
  'roles.explain.induction':
    'Each token looks at the token that came right after its earlier copy. If “A B” appeared before and A comes again, the head points at B, so the model can guess that B comes next again.',
  'roles.explain.previousLine': 'In a poem, each character looks at the character in the same place in the line before: lines that echo each other.',
  // The exact pattern: which key columns row i should look at.
  'roles.def.previousToken': 'row i: the weight on key i − 1',
  'roles.def.firstToken': 'row i: the weight on key 0 (the first token, <bos>)',
  'roles.def.currentToken': 'row i: the weight on key i (itself)',
  'roles.def.duplicateToken': 'row i: the weight on the earlier keys holding the same token as row i (on the repeated random sequence)',
  'roles.def.induction': 'row i: the weight on the keys j whose previous token (j − 1) is the same as row i’s token (on the repeated random sequence)',
  'roles.def.previousLine':
    'row i: the weight on the key at the same place in the previous line (a line ends with ，。？！；; defined only where the previous line is long enough)',
  'roles.scoreRule':
    'Score = the share of the head’s attention that falls where the role’s pattern puts it, averaged over the query rows where the pattern is defined (never the first row). 1 = the head does exactly that; about 1/T = attention spread evenly over T tokens. A badge appears from {threshold}.',
  'roles.probes':
    'Measured on two inputs, never the training data: the sentence on the page (previous, first, self, previous line) and a random sequence of {n} tokens repeated twice, the same every time (duplicate, induction).',

  // ---------------------------------------------------------------- badges
  'roles.badge': '{role} {score}',
  'roles.badgeAria': '{head}: {badge}, {role}',
  'roles.none': 'no role',
  'roles.noneAria': '{head}: no role reaches {threshold} (strongest: {role} {score})',
  'roles.replayNote': 'Role badges show the replayed snapshot (step {step}); the maps show the model now.',
  'roles.snapshotNote': 'Roles at training step {step}.',

  // ---------------------------------------------------------------- the Attention panel
  'roles.error': 'The heads’ roles could not be measured: {message}',
  'roles.title': 'What this head does',
  'roles.selected': '{head}: {role} (score {score}).',
  'roles.selectedNone': '{head}: no role reaches {threshold}. Its strongest: {role} (score {score}).',
  'roles.selectedUndefined': 'No role is measured for this attention (cross-attention reads another sentence, so no order of its own to match).',
  'roles.measuring': 'Measuring the heads’ roles…',
  'roles.tableOpen': 'Show the table of all role scores',
  'roles.tableClose': 'Hide the table of role scores',
  'roles.tableCaption': 'Role scores of every head (0 to 1; the strongest of each head in bold, a badge from {threshold})',
  'roles.col.site': 'attention',
  'roles.col.head': 'head',
  'roles.col.strongest': 'strongest',
  'roles.undefined': 'not defined on this input',
  'roles.definitions': 'What each role means',
  'roles.patternIs': 'Exact pattern — {pattern}.',

  // ---------------------------------------------------------------- roles over training
  'roles.chart.title': 'Head roles over training',
  'roles.chart.help': 'Each line is one head’s score for the chosen role at each snapshot. A head that takes up a role rises towards 1.',
  'roles.chart.role': 'Role',
  'roles.chart.site': 'Attention',
  'roles.chart.threshold': 'badge from {threshold}',
  'roles.chart.empty': 'The role scores appear with the first snapshots.',
  'roles.chart.aria': 'Scores of every head for the role “{role}” against the training step: {n} snapshots',
  'roles.chart.hover': 'step {step}',
  'roles.chart.hoverHelp': 'Hover over the chart (or focus it and use ← →) to read the values.',

  // ---------------------------------------------------------------- the replay
  'roles.replay.title': 'Roles at step {step}',
  'roles.replay.none': 'No head reaches {threshold} at this step.',
  'roles.replay.missing': 'This snapshot was taken before roles were measured.',
} as const;

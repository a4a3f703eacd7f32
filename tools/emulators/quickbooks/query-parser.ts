import { fault } from './faults';

/**
 * QuickBooks Online emulator: the query language of spec §5.2 —
 * `SELECT * | COUNT(*) | f, … FROM Entity [WHERE a op v [AND …]] [ORDERBY f [ASC|DESC], …] [STARTPOSITION n] [MAXRESULTS m]`.
 * Operators `= < > <= >= IN LIKE`; no OR, no joins. Strings in single quotes with backslash escapes.
 * Anything else is 400/4000 "Error parsing query".
 */

export type Literal = string | number | boolean;
export type Operator = '=' | '<' | '>' | '<=' | '>=' | 'IN' | 'LIKE';

export interface Condition {
  field: string;
  op: Operator;
  values: Literal[];
}

export interface Query {
  count: boolean;
  projection: string[] | '*';
  entity: string;
  where: Condition[];
  orderBy: { field: string; descending: boolean }[];
  startPosition?: number;
  maxResults?: number;
}

type Token =
  | { kind: 'word'; text: string; col: number }
  | { kind: 'string'; text: string; col: number }
  | { kind: 'number'; text: string; col: number }
  | { kind: 'symbol'; text: string; col: number }
  | { kind: 'end'; text: string; col: number };

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source[i] ?? '';
    const col = i + 1;
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === "'") {
      let text = '';
      i++;
      for (;;) {
        if (i >= source.length) throw fault.queryParse(`Lexical error at line 1, column ${source.length + 1}.  Encountered: <EOF> after : "'${text}"`);
        const c = source[i] ?? '';
        if (c === '\\' && i + 1 < source.length) {
          text += source[i + 1];
          i += 2;
        } else if (c === "'") {
          i++;
          break;
        } else {
          text += c;
          i++;
        }
      }
      tokens.push({ kind: 'string', text, col });
    } else if (/[0-9-]/.test(ch) && /^-?\d/.test(source.slice(i, i + 2))) {
      const m = /^-?\d+(\.\d+)?/.exec(source.slice(i));
      const text = m?.[0] ?? ch;
      tokens.push({ kind: 'number', text, col });
      i += text.length;
    } else if (/[A-Za-z_]/.test(ch)) {
      const m = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(source.slice(i));
      const text = m?.[0] ?? ch;
      tokens.push({ kind: 'word', text, col });
      i += text.length;
    } else if (ch === '<' || ch === '>') {
      const text = source[i + 1] === '=' ? `${ch}=` : ch;
      tokens.push({ kind: 'symbol', text, col });
      i += text.length;
    } else if ('=(),*'.includes(ch)) {
      tokens.push({ kind: 'symbol', text: ch, col });
      i++;
    } else {
      // Typographic quotes, `!=`, `;`… (§5.2)
      throw fault.queryParse(`Lexical error at line 1, column ${col}.  Encountered: "${ch}"`);
    }
  }
  tokens.push({ kind: 'end', text: '<EOF>', col: source.length + 1 });
  return tokens;
}

class Parser {
  private pos = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(): Token {
    return this.tokens[this.pos] ?? this.tokens[this.tokens.length - 1]!;
  }

  private next(): Token {
    const t = this.peek();
    if (t.kind !== 'end') this.pos++;
    return t;
  }

  private fail(token: Token, expecting: string): never {
    throw fault.queryParse(`Encountered " ${token.kind === 'end' ? '<EOF>' : `"${token.text}"`} " at line 1, column ${token.col}.\nWas expecting: ${expecting}`);
  }

  private isKeyword(word: string): boolean {
    const t = this.peek();
    return t.kind === 'word' && t.text.toUpperCase() === word;
  }

  private keyword(word: string): void {
    if (!this.isKeyword(word)) this.fail(this.peek(), word);
    this.pos++;
  }

  private symbol(text: string): void {
    const t = this.peek();
    if (t.kind !== 'symbol' || t.text !== text) this.fail(t, `"${text}"`);
    this.pos++;
  }

  private identifier(): string {
    const t = this.next();
    if (t.kind !== 'word') this.fail(t, '<IDENTIFIER>');
    return t.text;
  }

  private literal(): Literal {
    const t = this.next();
    if (t.kind === 'string') return t.text;
    if (t.kind === 'number') return Number(t.text);
    if (t.kind === 'word' && /^(true|false)$/i.test(t.text)) return t.text.toLowerCase() === 'true';
    return this.fail(t, '<STRING> | <NUMBER> | true | false');
  }

  private integer(): number {
    const t = this.next();
    if (t.kind !== 'number' || !/^\d+$/.test(t.text)) this.fail(t, '<INTEGER>');
    return Number(t.text);
  }

  parse(): Query {
    this.keyword('SELECT');
    let count = false;
    let projection: string[] | '*' = '*';
    if (this.peek().kind === 'symbol' && this.peek().text === '*') {
      this.pos++;
    } else if (this.isKeyword('COUNT')) {
      this.pos++;
      this.symbol('(');
      this.symbol('*');
      this.symbol(')');
      count = true;
    } else {
      projection = [this.identifier()];
      while (this.peek().text === ',') {
        this.pos++;
        projection.push(this.identifier());
      }
    }
    this.keyword('FROM');
    const entity = this.identifier();
    const where: Condition[] = [];
    if (this.isKeyword('WHERE')) {
      this.pos++;
      where.push(this.condition());
      while (this.isKeyword('AND')) {
        this.pos++;
        where.push(this.condition());
      }
    }
    const orderBy: Query['orderBy'] = [];
    if (this.isKeyword('ORDERBY')) {
      this.pos++;
      do {
        if (this.peek().text === ',') this.pos++;
        const field = this.identifier();
        let descending = false;
        if (this.isKeyword('DESC') || this.isKeyword('ASC')) descending = this.next().text.toUpperCase() === 'DESC';
        orderBy.push({ field, descending });
      } while (this.peek().text === ',');
    }
    const query: Query = { count, projection, entity, where, orderBy };
    for (let i = 0; i < 2; i++) {
      if (this.isKeyword('STARTPOSITION') && query.startPosition === undefined) {
        this.pos++;
        query.startPosition = this.integer();
      } else if (this.isKeyword('MAXRESULTS') && query.maxResults === undefined) {
        this.pos++;
        query.maxResults = this.integer();
      }
    }
    if (this.peek().kind !== 'end') this.fail(this.peek(), '<EOF> | "AND" | "ORDERBY" | "STARTPOSITION" | "MAXRESULTS"');
    return query;
  }

  private condition(): Condition {
    const field = this.identifier();
    const t = this.next();
    if (t.kind === 'symbol' && ['=', '<', '>', '<=', '>='].includes(t.text)) return { field, op: t.text as Operator, values: [this.literal()] };
    if (t.kind === 'word' && t.text.toUpperCase() === 'IN') {
      this.symbol('(');
      const values = [this.literal()];
      while (this.peek().text === ',') {
        this.pos++;
        values.push(this.literal());
      }
      this.symbol(')');
      return { field, op: 'IN', values };
    }
    if (t.kind === 'word' && t.text.toUpperCase() === 'LIKE') {
      const v = this.next();
      if (v.kind !== 'string') this.fail(v, '<STRING>');
      return { field, op: 'LIKE', values: [v.text] };
    }
    return this.fail(t, '"=" | "<" | ">" | "<=" | ">=" | "IN" | "LIKE"');
  }
}

export function parseQuery(statement: string): Query {
  return new Parser(tokenize(statement)).parse();
}

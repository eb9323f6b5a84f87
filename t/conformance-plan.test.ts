/**
 * The conformance script reads the reference engine's three styles of unit test into scenarios: a scenario table
 * given to perform_testcase_testing, the scenario DSL, and free-form scripts. The .t files here are written for
 * this test in those styles.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultProfile } from '../src/engine/profile.js';
import { planFor, type Scenario } from '../scripts/conformance/plan.js';
import { statements, tokenize } from '../scripts/conformance/perl.js';

function checkout(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'conformance-plan-'));
  mkdirSync(join(dir, 't', 'profiles'), { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, 't', name), text);
  return dir;
}

const present = (s: Scenario) => s.assertions.filter((a) => a.present).map((a) => a.tag).sort();
const absent = (s: Scenario) => s.assertions.filter((a) => !a.present).map((a) => a.tag).sort();

describe('Perl reading', () => {
  it('splits statements, keeping blocks, quoting forms and comments apart', () => {
    const source = `my $x = q{a;b}; # not; a statement\nif ( $y ) { f(1); g(2); }\nmy @w = qw( A B );\n=pod\nignored;\n=cut\nh('c;d');\n`;
    const list = statements(tokenize(source));
    expect(list.map((s) => s.tokens[0]!.text)).toEqual(['my', 'if', 'my', 'h']);
    expect(list[0]!.tokens.find((t) => t.kind === 'str')!.text).toBe('a;b');
    expect(list[2]!.tokens.find((t) => t.kind === 'qw')!.words).toEqual(['A', 'B']);
  });
});

describe('scenario tables', () => {
  const dir = checkout({
    'Test-table.t': `
my $test_module = 'DNSSEC';
my $test_case = 'dnssec01';
my @all_tags = qw( T_ONE T_TWO T_THREE );
Zonemaster::Engine::Recursor->add_fake_addresses( '.', { 'root1.xa' => [ '127.9.0.1', 'fda1::1' ] } );
my %subtests = (
    'B-SECOND' => [ 1, q(b.example.xa), [ qw( T_TWO ) ], undef, [ 'ns1.b.example.xa/127.9.1.1', 'ns2.other.xa' ], [ '1234,8,2,ABCD' ] ],
    'A-FIRST'  => [ 1, q(a.example.xa), undef, [ qw( T_ONE ) ], [], [] ],
    'C-OFF'    => [ 0, q(c.example.xa), [ qw( T_ONE ) ], [], [], [] ],
);
Zonemaster::Engine::Profile->effective->merge( Zonemaster::Engine::Profile->from_json( qq({ "test_cases": [ "$test_case" ] }) ) );
perform_testcase_testing( $test_case, $test_module, \\@all_tags, \\%subtests );
`,
  });
  const plan = planFor(dir, 'Test-table.t', defaultProfile());

  it('gives the testable rows in sorted order, with undef meaning "every other tag"', () => {
    expect(plan.scenarios.map((s) => s.name)).toEqual(['A-FIRST', 'B-SECOND']);
    expect(plan.skipped).toBe(1);
    const [a, b] = plan.scenarios as [Scenario, Scenario];
    expect([present(a), absent(a)]).toEqual([['T_THREE', 'T_TWO'], ['T_ONE']]);
    expect([present(b), absent(b)]).toEqual([['T_TWO'], ['T_ONE', 'T_THREE']]);
    expect(a.test).toBe('DNSSEC/dnssec01');
    expect(a.failOnModuleError).toBe(true);
  });

  it('carries the hints, undelegated data and the test-case restriction', () => {
    const b = plan.scenarios[1]!;
    expect(b.domain).toBe('b.example.xa');
    expect(b.hints).toEqual({ 'root1.xa': ['127.9.0.1', 'fda1::1'] });
    expect(b.nameservers).toEqual([{ ns: 'ns1.b.example.xa', ip: '127.9.1.1' }, { ns: 'ns2.other.xa' }]);
    expect(b.ds).toEqual([{ keytag: 1234, algorithm: 8, digtype: 2, digest: 'abcd' }]);
    expect(b.profile.test_cases).toEqual(['dnssec01']);
  });
});

describe('scenario DSL', () => {
  const dir = checkout({
    'Test-dsl.t': `
use TestUtil::DSL;
testing_test_case 'Basic', 'basic01';
all_tags qw(X_OK X_BAD X_UGLY);
root_hints 'r1.xa' => [ qw(127.9.0.1) ];
zone_name_template '{SCENARIO}.{TESTCASE}.xa';
scenario 'GOOD-{1..2}' => sub {
    expect 'X_OK';
    forbid_others;
};
scenario 'UNDEL' => sub {
    fake_ns 'ns1.undel.xb' => '127.9.2.1';
    fake_ns 'ns2.undel.xb';
    fake_ds 1, 13, 2, 'ABCDEF';
    zone 'child.{SCENARIO}.{TESTCASE}.xa';
    expect X_BAD => { ns => 'x' };
    forbid 'X_UGLY';
};
scenario 'LATER' => sub {
    not_testable;
    expect 'X_OK';
};
no_more_scenarios;
`,
  });
  const plan = planFor(dir, 'Test-dsl.t', defaultProfile());

  it('expands name ranges and zone templates, and applies forbid_others', () => {
    expect(plan.scenarios.map((s) => [s.name, s.domain])).toEqual([
      ['GOOD-1', 'good-1.basic01.xa'],
      ['GOOD-2', 'good-2.basic01.xa'],
      ['UNDEL', 'child.undel.basic01.xa'],
    ]);
    expect(absent(plan.scenarios[0]!)).toEqual(['X_BAD', 'X_UGLY']);
    expect(plan.skipped).toBe(1);
  });

  it('reads fake_ns, fake_ds and expectations with argument criteria (by tag)', () => {
    const undel = plan.scenarios[2]!;
    expect(undel.nameservers).toEqual([{ ns: 'ns1.undel.xb', ip: '127.9.2.1' }, { ns: 'ns2.undel.xb' }]);
    expect(undel.ds).toEqual([{ keytag: 1, algorithm: 13, digtype: 2, digest: 'abcdef' }]);
    expect([present(undel), absent(undel)]).toEqual([['X_BAD'], ['X_UGLY']]);
    expect(undel.hints).toEqual({ 'r1.xa': ['127.9.0.1'] });
  });
});

describe('free-form scripts', () => {
  const dir = checkout({
    'profiles/only-zone.json': '{ "test_cases": [ "zone01" ] }',
    'Test-free.t': `
use_ok( q{Zonemaster::Engine::Test::Zone} );
sub zone_gives { my ( $test, $zone, $gives_ref ) = @_; }
my $json = read_file( 't/profiles/only-zone.json' );
my $profile_test = Zonemaster::Engine::Profile->from_json( $json );
Zonemaster::Engine::Profile->effective->merge( $profile_test );
my %res = map { $_->tag => 1 } Zonemaster::Engine->test_module( q{zone}, q{one.example} );
ok( $res{Z_A}, q{a} );
ok( !$res{Z_B}, q{not b} );
my $zone = Zonemaster::Engine->zone( q{two.example} );
zone_gives( q{zone01}, $zone, [qw{Z_C}] );
zone_gives_not( q{zone01}, $zone, [qw{Z_D}] );
Zonemaster::Engine::Profile->effective->set( q{net.ipv6}, 0 );
my @res = Zonemaster::Engine->test_method( 'Zone', 'zone02', Zonemaster::Engine->zone( q{three.example} ) );
ok( ( none { $_->tag eq 'Z_E' } @res ), 'no e' );
my %all = map { $_->tag => $_ } Zonemaster::Engine::Test::Zone->all( $zone );
ok( $all{Z_F}, 'f' );
TODO: {
    ok( $res{Z_LATER}, 'to do' );
}
foreach my $x ( qw(a b) ) {
    ok( $res{Z_LOOP}, 'loop' );
}
`,
  });
  const plan = planFor(dir, 'Test-free.t', defaultProfile());

  it('attributes ok() to the run whose result it reads, and merges zone_gives on the same run', () => {
    expect(plan.scenarios.map((s) => [s.domain, s.test])).toEqual([
      ['one.example', 'zone'],
      ['two.example', 'Zone/zone01'],
      ['three.example', 'Zone/zone02'],
      ['two.example', 'zone'],
    ]);
    const [one, two, three] = plan.scenarios as [Scenario, Scenario, Scenario];
    expect([present(one), absent(one)]).toEqual([['Z_A'], ['Z_B']]);
    expect([present(two), absent(two)]).toEqual([['Z_C'], ['Z_D']]);
    expect([present(three), absent(three)]).toEqual([[], ['Z_E']]);
    expect(one.failOnModuleError).toBe(false);
    expect(present(plan.scenarios[3]!)).toEqual(['Z_F']);
  });

  it('follows profile files and settings, skips TODO blocks and counts loops it does not follow', () => {
    const [one, , three] = plan.scenarios as [Scenario, Scenario, Scenario];
    expect(one.profile.test_cases).toEqual(['zone01']);
    expect(one.profile.net.ipv6).toBe(true);
    expect(three.profile.net.ipv6).toBe(false);
    expect(plan.unparsed).toHaveLength(1);
    expect(plan.unparsed[0]).toMatch(/Z_LOOP/);
  });
});

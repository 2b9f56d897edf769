import {
  bantenLksRegistry,
  InvalidLksRegistryError,
  LksRegistry,
  type RegisteredLks,
} from './lks-registry';
import { bantenOffices } from './offices';

const lks = (code: string, change: Partial<RegisteredLks> = {}): RegisteredLks => ({
  code,
  name: 'LKSA Contoh',
  regionCode: '3603',
  address: 'Jl. Contoh No. 1, Kabupaten Tangerang',
  clientCategories: ['neglectedChild'],
  ...change,
});

describe('the Banten LKS registry (illustrative demo data)', () => {
  it('lists two LKS for every Banten office, coded by the office and in its region', () => {
    for (const office of bantenOffices) {
      const entries = bantenLksRegistry.of(office.code);
      expect(entries.map((e) => e.code)).toEqual([
        `LKS-${office.code}-01`,
        `LKS-${office.code}-02`,
      ]);
      for (const entry of entries) {
        expect(entry.regionCode).toBe(office.code);
        expect(entry.name).toMatch(/^LKS/);
        expect(entry.address.length).toBeGreaterThan(10);
        expect(entry.clientCategories.length).toBeGreaterThan(0);
      }
    }
    expect(bantenLksRegistry.officeCodes().sort()).toEqual(bantenOffices.map((o) => o.code).sort());
  });

  it('has an LKS for neglected children in every office (the clients of both seeds)', () => {
    for (const office of bantenOffices) {
      expect(
        bantenLksRegistry
          .of(office.code)
          .some((e) => e.clientCategories.includes('neglectedChild')),
      ).toBe(true);
    }
  });

  it('finds an LKS by office and code, and nothing for another office or an unknown office', () => {
    expect(bantenLksRegistry.find('3603', 'LKS-3603-01')).toMatchObject({
      name: 'LKSA Bina Insani Tangerang',
      regionCode: '3603',
    });
    expect(bantenLksRegistry.find('3601', 'LKS-3603-01')).toBeUndefined();
    expect(bantenLksRegistry.find('3603', 'LKS-3603-99')).toBeUndefined();
    expect(bantenLksRegistry.of('3216')).toEqual([]);
    expect(bantenLksRegistry.find('3216', 'LKS-3603-01')).toBeUndefined();
  });

  it('is frozen', () => {
    const [first] = bantenLksRegistry.of('36');
    expect(Object.isFrozen(bantenLksRegistry.of('36'))).toBe(true);
    expect(Object.isFrozen(first)).toBe(true);
    expect(Object.isFrozen(first.clientCategories)).toBe(true);
  });
});

describe('building a registry', () => {
  it('refuses a code listed twice for one office, but allows it in two offices', () => {
    expect(() => new LksRegistry({ '3603': [lks('LKS-A'), lks('LKS-A')] })).toThrow(
      /LKS LKS-A is listed twice for office 3603/,
    );
    expect(() => new LksRegistry({ '3603': [lks('LKS-A')], '3604': [lks('LKS-A')] })).not.toThrow();
  });

  it('refuses an invalid entry or office code', () => {
    const attempt = (entries: Record<string, RegisteredLks[]>) => () => new LksRegistry(entries);
    expect(attempt({ '3603': [lks('LKS A')] })).toThrow(InvalidLksRegistryError);
    expect(attempt({ '3603': [lks('LKS-A', { name: ' ' })] })).toThrow(/name/);
    expect(attempt({ '3603': [lks('LKS-A', { regionCode: '3' })] })).toThrow(/regionCode/);
    expect(attempt({ '3603': [lks('LKS-A', { clientCategories: [] })] })).toThrow(
      /clientCategories/,
    );
    expect(attempt({ '3603': [lks('LKS-A', { clientCategories: ['orphan' as never] })] })).toThrow(
      /clientCategories/,
    );
    expect(attempt({ 'office-x': [lks('LKS-A')] })).toThrow(InvalidLksRegistryError);
    expect(attempt({ '3603': [{ ...lks('LKS-A'), phone: '0' } as RegisteredLks] })).toThrow(
      InvalidLksRegistryError,
    );
  });

  it('keeps its own copy of the entries', () => {
    const entries = [lks('LKS-A')];
    const registry = new LksRegistry({ '3603': entries });
    entries[0].name = 'changed';
    expect(registry.find('3603', 'LKS-A')?.name).toBe('LKSA Contoh');
  });
});

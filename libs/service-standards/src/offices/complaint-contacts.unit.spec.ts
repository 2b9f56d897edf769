import { serviceStandards } from '../standards/catalogue';
import {
  ComplaintContactRegistry,
  InvalidComplaintContactsError,
  bantenComplaintContacts,
} from './complaint-contacts';
import { bantenOffices } from './offices';

describe('complaint contacts', () => {
  it("gives the province the seed's own contacts, on every channel of its standard", () => {
    const contacts = serviceStandards.complaintContacts.of('36');
    expect(contacts.map((c) => c.contact)).toEqual(
      expect.arrayContaining([
        '081288475883',
        'dinsos@bantenprov.go.id',
        'https://www.lapor.go.id',
        'http://dinsos.bantenprov.go.id',
        'https://www.instagram.com/dinsosbanten.go.id_official',
      ]),
    );
    const standard = serviceStandards.get({ code: 'banten-rehsos-anak-terlantar', version: 1 });
    expect(new Set(contacts.map((c) => c.channel))).toEqual(
      new Set(standard.complaintChannels.map((c) => c.channel)),
    );
    expect(serviceStandards.complaintContacts.on('36', 'phone')).toEqual([
      { channel: 'phone', contact: '081288475883', text: 'Telepon: 081288475883' },
    ]);
  });

  it("gives each regency office its own, on its template's channel kinds, never Bekasi's building", () => {
    const bekasi = serviceStandards.get({ code: 'bekasi-layanan-rujukan', version: 1 });
    const kinds = new Set(bekasi.complaintChannels.map((c) => c.channel));
    const regencies = bantenOffices.filter((office) => office.code !== '36');
    const places = new Set<string>();
    for (const office of regencies) {
      const contacts = serviceStandards.complaintContacts.of(office.code);
      expect(new Set(contacts.map((c) => c.channel))).toEqual(kinds);
      for (const contact of contacts) {
        expect(`${contact.contact} ${contact.text}`).not.toMatch(/Bekasi|Graha Wibawa Mukti/);
      }
      const inPerson = contacts.find((c) => c.channel === 'inPerson')!;
      expect(inPerson.text).toContain(office.regionName);
      places.add(inPerson.contact);
    }
    expect(places.size).toBe(regencies.length);
  });

  it('has none for an office without a registry, and is frozen', () => {
    expect(bantenComplaintContacts.of('9999')).toEqual([]);
    expect(Object.isFrozen(bantenComplaintContacts.of('36'))).toBe(true);
    expect(Object.isFrozen(bantenComplaintContacts.of('36')[0])).toBe(true);
  });

  it('refuses an unknown channel, an empty contact, an entry listed twice or a bad office code', () => {
    const entry = { channel: 'phone' as const, contact: '0211234567', text: 'Telepon: 0211234567' };
    expect(() => new ComplaintContactRegistry({ '36': [entry, entry] })).toThrow(
      InvalidComplaintContactsError,
    );
    expect(() => new ComplaintContactRegistry({ '36': [{ ...entry, contact: ' ' }] })).toThrow(
      InvalidComplaintContactsError,
    );
    expect(
      () =>
        new ComplaintContactRegistry({
          '36': [{ ...entry, channel: 'fax' as unknown as 'phone' }],
        }),
    ).toThrow(InvalidComplaintContactsError);
    expect(() => new ComplaintContactRegistry({ '3x': [entry] })).toThrow(
      InvalidComplaintContactsError,
    );
  });

  it("is the catalogue's, replaceable with an office's own, and checks its offices exist", () => {
    const own = new ComplaintContactRegistry({
      '3601': [{ channel: 'phone', contact: '0253201234', text: 'Telepon: 0253201234' }],
    });
    const catalogue = serviceStandards.with({ complaintContacts: own });
    expect(catalogue.complaintContacts.of('3601')).toHaveLength(1);
    expect(catalogue.with({}).complaintContacts).toBe(own);
    expect(() =>
      serviceStandards.with({
        complaintContacts: new ComplaintContactRegistry({
          '9901': [{ channel: 'phone', contact: '1', text: 'x' }],
        }),
      }),
    ).toThrow();
  });
});

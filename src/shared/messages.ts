/**
 * The one catalogue of Indonesian user-interface text. Code uses English names; every word a
 * user reads in the web UI comes from here. Placeholders are written `{name}` and filled with
 * `fmt`, which checks at compile time that every placeholder gets a value.
 *
 * Messages that come from the server (error messages) are already Indonesian and are shown as
 * they are; this catalogue holds what the web UI itself says.
 */
export const messages = {
  app: {
    name: 'Blangkon Jateng',
    tagline: 'Belanja Langsung Toko Online Jawa Tengah',
    owner: 'Pemerintah Provinsi Jawa Tengah',
    footer: 'Blangkon Jateng · Biro Pengadaan Barang/Jasa Setda Provinsi Jawa Tengah',
    pageTitle: '{page} · Blangkon Jateng',
    skipToContent: 'Langsung ke konten utama',
  },
  nav: {
    label: 'Navigasi utama',
    home: 'Beranda',
    regions: 'Wilayah',
    administration: 'Administrasi',
    satkers: 'Satker',
    users: 'Pengguna',
    login: 'Masuk',
    logout: 'Keluar',
    openMenu: 'Buka menu',
    closeMenu: 'Tutup menu',
    loggedInAs: 'Masuk sebagai',
  },
  common: {
    loading: 'Memuat…',
    retry: 'Coba lagi',
    cancel: 'Batal',
    save: 'Simpan',
    close: 'Tutup',
    optional: 'opsional',
    comingSoon: 'Segera hadir',
    none: '—',
    total: '{count} data',
    noResults: 'Tidak ada data yang cocok dengan pencarian.',
  },
  roles: {
    operator: 'Operator',
    pp: 'Pejabat Pengadaan',
    ppk: 'PPK',
    bendahara: 'Bendahara',
    umkm_officer: 'Petugas Dinas UMKM',
    auditor: 'Auditor',
  },
  roleDescriptions: {
    operator: 'Mengelola satker, pengguna, mitra, dan aturan pengadaan di wilayahnya.',
    pp: 'Mencari produk, menyusun keranjang, dan membuat pesanan sampai batas pembelian langsung.',
    ppk: 'Menyetujui Surat Pesanan dan menandatangani BAST.',
    bendahara: 'Membayar pesanan setelah BAST ditandatangani.',
    umkm_officer: 'Membina penyedia UMKM: pelatihan, pendampingan TKDN, dan klaster.',
    auditor: 'Menelaah seluruh transaksi dalam cakupannya, termasuk tanda integritas.',
  },
  pemdaKinds: {
    province: 'Provinsi',
    kabupaten: 'Kabupaten',
    kota: 'Kota',
  },
  regionLevels: {
    1: 'Provinsi',
    2: 'Kabupaten/Kota',
    3: 'Kecamatan',
    4: 'Desa/Kelurahan',
    desa: 'Desa',
    kelurahan: 'Kelurahan',
  },
  auth: {
    pageTitle: 'Masuk',
    heading: 'Masuk ke Blangkon',
    intro: 'Gunakan akun yang diberikan oleh operator pengadaan di pemda Anda.',
    username: 'Nama pengguna',
    usernamePlaceholder: 'mis. pp.batang',
    password: 'Kata sandi',
    passwordPlaceholder: 'Kata sandi Anda',
    submit: 'Masuk',
    failedTitle: 'Gagal masuk',
    tooManyTitle: 'Terlalu banyak percobaan',
    retryAfter: 'Anda dapat mencoba lagi dalam sekitar {minutes} menit.',
    usernameRequired: 'Isi nama pengguna.',
    passwordRequired: 'Isi kata sandi.',
    sessionExpired: 'Sesi Anda telah berakhir. Silakan masuk kembali.',
    loggedOut: 'Anda telah keluar.',
    demoTitle: 'Mode demo',
    demoIntro: 'Akun contoh, semuanya dengan kata sandi {password}:',
    demoPassword: 'demo',
    demoAccounts: [
      { username: 'admin.jateng', label: 'Operator Provinsi' },
      { username: 'admin.batang', label: 'Operator Kab. Batang' },
      { username: 'pp.batang', label: 'Pejabat Pengadaan' },
      { username: 'ppk.batang', label: 'PPK' },
      { username: 'bendahara.batang', label: 'Bendahara' },
      { username: 'umkm.batang', label: 'Petugas Dinas UMKM' },
      { username: 'auditor.jateng', label: 'Auditor' },
    ],
    heroTitle: 'Belanja pemerintah daerah, langsung dari toko daring mitra',
    heroText:
      'Satu katalog dari seluruh mitra marketplace untuk 35 kabupaten/kota di Jawa Tengah, dengan mengutamakan produk dalam negeri dan UMK lokal.',
    heroPoints: [
      'Surat Pesanan dan BAST tercatat rapi',
      'Pembayaran melalui VA, KKPD, atau CMS',
      'Data transaksi terbuka untuk publik',
    ],
    publicLink: 'Lihat data wilayah tanpa masuk',
  },
  home: {
    pageTitle: 'Beranda',
    greeting: 'Selamat datang, {name}',
    yourRoles: 'Peran Anda',
    yourSatkers: 'Satker yang Anda layani',
    scope: 'Cakupan wilayah',
    scopeProvince: 'Seluruh Jawa Tengah (provinsi dan 35 kabupaten/kota)',
    whatYouDo: 'Yang dapat Anda lakukan',
    comingSoonNote: 'Fitur bertanda “Segera hadir” sedang disiapkan.',
    cards: {
      search: {
        title: 'Cari produk',
        text: 'Telusuri satu katalog dari seluruh mitra, dengan produk dalam negeri dan UMK lokal di urutan depan.',
      },
      cart: {
        title: 'Keranjang',
        text: 'Susun belanja; keranjang dipecah otomatis menjadi satu pesanan per penyedia.',
      },
      myOrders: {
        title: 'Pesanan saya',
        text: 'Pantau Surat Pesanan dari persetujuan, pengiriman, hingga pembayaran.',
      },
      approvals: {
        title: 'Persetujuan',
        text: 'Setujui atau tolak Surat Pesanan yang memerlukan persetujuan PPK.',
      },
      bast: {
        title: 'BAST',
        text: 'Periksa barang yang diterima dan tanda tangani berita acara serah terima.',
      },
      payments: {
        title: 'Pembayaran',
        text: 'Bayar pesanan yang sudah ber-BAST melalui VA, KKPD, atau CMS.',
      },
      satkers: {
        title: 'Satker',
        text: 'Kelola satuan kerja / perangkat daerah yang berbelanja melalui Blangkon.',
      },
      users: {
        title: 'Pengguna',
        text: 'Buat akun dan berikan peran PP, PPK, bendahara, atau petugas lainnya.',
      },
      trainings: { title: 'Pelatihan', text: 'Kelola pelatihan dan sosialisasi bagi UMKM serta pesertanya.' },
      clusters: {
        title: 'Klaster UMKM',
        text: 'Petakan dan bina klaster UMKM, termasuk pendampingan sertifikasi TKDN.',
      },
      integrityFlags: {
        title: 'Tanda integritas',
        text: 'Telaah pesanan bertanda, mis. indikasi pemecahan paket pembelian.',
      },
      regions: {
        title: 'Wilayah',
        text: 'Daftar pemda peserta, tanggal bergabung, serta kecamatan dan desanya.',
      },
    },
  },
  regions: {
    pageTitle: 'Wilayah',
    heading: 'Wilayah Jawa Tengah',
    intro:
      'Provinsi Jawa Tengah dan 35 kabupaten/kota beserta tanggal bergabung dengan Blangkon. Pilih kabupaten/kota untuk melihat kecamatan dan desanya.',
    root: 'Jawa Tengah',
    breadcrumb: 'Jejak wilayah',
    code: 'Kode',
    name: 'Nama',
    kind: 'Jenis',
    level: 'Tingkat',
    joinedAt: 'Bergabung',
    notJoined: 'Belum bergabung',
    joinedSummary: '{joined} dari {total} kabupaten/kota sudah bergabung',
    filterPlaceholder: 'Saring menurut nama atau kode',
    childrenOf: 'Wilayah di bawah {name}',
    childCount: '{count} wilayah',
    kecamatanCount: '{count} kecamatan',
    desaCount: '{count} desa/kelurahan',
    kecamatanTitle: 'Kecamatan {name}',
    noChildren: 'Tidak ada wilayah di bawah {name}.',
    showChildren: 'Lihat wilayah di bawah {name}',
  },
  satkers: {
    pageTitle: 'Satker',
    heading: 'Satuan kerja (satker)',
    intro:
      'Perangkat daerah yang berbelanja melalui Blangkon. Pesanan dibuat atas nama satker dan dibayar dari anggarannya.',
    add: 'Tambah satker',
    formTitle: 'Satker baru',
    code: 'Kode satker',
    codeHint: 'Huruf besar, angka, titik, atau strip, mis. 3325-DINSOS',
    codePlaceholder: '3325-DINSOS',
    name: 'Nama satker',
    namePlaceholder: 'mis. Dinas Sosial Kabupaten Batang',
    pemda: 'Pemda',
    address: 'Alamat',
    addressPlaceholder: 'Alamat kantor (untuk pengiriman)',
    allPemdas: 'Semua pemda',
    filterPemda: 'Tampilkan pemda',
    filterText: 'Saring menurut kode atau nama',
    empty: 'Belum ada satker.',
    created: 'Satker {code} berhasil ditambahkan.',
    codeRequired: 'Isi kode satker (minimal 3 karakter).',
    codeInvalid: 'Gunakan huruf besar, angka, titik, atau strip; diawali huruf atau angka.',
    nameRequired: 'Isi nama satker (minimal 3 karakter).',
    pemdaRequired: 'Pilih pemda.',
  },
  users: {
    pageTitle: 'Pengguna',
    heading: 'Pengguna dan peran',
    intro:
      'Akun yang memegang peran di wilayah Anda. Setiap peran satker (PP, PPK, bendahara) berlaku per satker.',
    add: 'Tambah pengguna',
    formTitle: 'Pengguna baru',
    username: 'Nama pengguna',
    usernameHint: 'Huruf, angka, titik, garis bawah, atau strip; mis. pp.dinsos',
    name: 'Nama lengkap',
    namePlaceholder: 'mis. Rina Wulandari, S.E.',
    password: 'Kata sandi awal',
    passwordHint: 'Minimal 10 karakter. Sampaikan kepada pengguna secara aman.',
    roles: 'Peran dan cakupan',
    rolesHint:
      'Pilih satu atau beberapa peran. Peran pemda berlaku untuk satu pemda; peran satker berlaku untuk satker yang dipilih.',
    pemdaFor: 'Pemda untuk peran {role}',
    satkersFor: 'Satker untuk peran {role}',
    satkersPlaceholder: 'Pilih satu atau beberapa satker',
    status: 'Status',
    active: 'Aktif',
    inactive: 'Nonaktif',
    filterText: 'Saring menurut nama pengguna atau nama',
    empty: 'Belum ada pengguna.',
    created: 'Pengguna {username} berhasil dibuat.',
    usernameRequired: 'Isi nama pengguna (minimal 3 karakter).',
    usernameInvalid: 'Gunakan huruf, angka, titik, garis bawah, atau strip.',
    nameRequired: 'Isi nama lengkap.',
    passwordTooShort: 'Kata sandi minimal 10 karakter.',
    rolesRequired: 'Pilih setidaknya satu peran.',
    pemdaRequired: 'Pilih pemda untuk peran ini.',
    satkersRequired: 'Pilih setidaknya satu satker untuk peran ini.',
    noSatkersAvailable: 'Belum ada satker di wilayah Anda. Tambahkan satker terlebih dahulu.',
  },
  access: {
    forbiddenTitle: 'Akses tidak diizinkan',
    forbiddenText: 'Halaman ini hanya untuk peran {roles}. Hubungi operator bila Anda memerlukan akses.',
    notFoundTitle: 'Halaman tidak ditemukan',
    notFoundText: 'Alamat yang Anda buka tidak ada. Periksa kembali alamatnya atau kembali ke beranda.',
    toHome: 'Ke beranda',
  },
  errors: {
    title: 'Terjadi kesalahan',
    byStatus: {
      400: 'Periksa kembali isian Anda',
      401: 'Perlu masuk',
      403: 'Tidak diizinkan',
      404: 'Tidak ditemukan',
      409: 'Data sudah ada',
      422: 'Tidak dapat diproses',
      429: 'Terlalu banyak percobaan',
    },
    network: 'Tidak dapat terhubung ke server. Periksa koneksi Anda lalu coba lagi.',
    unexpected: 'Terjadi kesalahan tak terduga (HTTP {status}). Silakan coba lagi.',
    pageCrashed: 'Halaman ini gagal ditampilkan. Muat ulang halaman atau kembali ke beranda.',
    reload: 'Muat ulang',
  },
  validation: {
    minChars: 'Minimal {n} karakter.',
    maxChars: 'Maksimal {n} karakter.',
    minItems: 'Pilih minimal {n}.',
    maxItems: 'Maksimal {n} pilihan.',
    format: 'Format tidak sesuai: {hint}.',
    required: 'Wajib diisi.',
    invalid: 'Isian tidak valid.',
  },
} as const;

export type Messages = typeof messages;

/** The placeholder names in a template: `'Halo, {name}'` → `'name'`. */
export type Placeholders<S extends string> = S extends `${string}{${infer Key}}${infer Rest}`
  ? Key | Placeholders<Rest>
  : never;

/**
 * Fills the `{placeholders}` of a catalogue message. With a literal template, TypeScript
 * requires exactly the placeholders it contains: `fmt(messages.home.greeting, { name })`.
 */
export function fmt<S extends string>(template: S, values: Record<Placeholders<S>, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => {
    const value = (values as Record<string, string | number | undefined>)[key];
    return value === undefined ? whole : String(value);
  });
}

/**
 * Words government buyers use for the same thing, kept as data: a query containing any phrase
 * of a group also finds products named with the others. Lowercase, ASCII, space-separated.
 */
export const synonymGroups: string[][] = [
  ['atk', 'alat tulis kantor', 'alat tulis'],
  ['hvs', 'kertas', 'kertas fotokopi'],
  ['nasi kotak', 'konsumsi rapat', 'nasi box', 'katering'],
  ['snack', 'kudapan', 'snack box', 'kue kotak'],
  ['toner', 'tinta printer', 'cartridge', 'catridge'],
  ['laptop', 'notebook', 'komputer jinjing'],
  ['pc', 'komputer', 'komputer meja'],
  ['map', 'folder', 'stopmap'],
  ['ordner', 'binder', 'map ordner'],
  ['spidol', 'marker'],
  ['pulpen', 'pena', 'bolpoin', 'ballpoint'],
  ['flashdisk', 'flash disk', 'usb drive'],
  ['proyektor', 'projector', 'lcd proyektor'],
  ['ac', 'pendingin ruangan', 'air conditioner'],
  ['galon', 'air mineral', 'air minum'],
  ['seragam', 'pakaian dinas', 'baju dinas'],
  ['batik', 'kain batik'],
  ['masker', 'masker medis'],
  ['sabun', 'pembersih', 'deterjen'],
  ['spanduk', 'banner', 'baliho'],
  ['materai', 'meterai'],
  ['amplop', 'envelope'],
];

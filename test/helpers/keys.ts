// Throwaway test identities (public on purpose; never use them for anything real).
export const ALICE = {
  identity: "AGE-SECRET-KEY-1TEJLCQKR4LPMMHWMHJ77WS9HNC70V7UEEL0TZPKEH9CLKGE4L6AQ39WC38",
  recipient: "age1gp2xhxmaauyuwkyzfkxdq282ufgpwumpefl759xa39phyawemd6szeyn56",
} as const;
export const BOB = {
  identity: "AGE-SECRET-KEY-1TY7MHLAQ7NRJCMHGGR7TZ5W75FMN23GVHPYZD6XQX95SQM57SU6ST7HA4T",
  recipient: "age1a78lrl2e7e5uky25mmqn5eugcayc9wh7n8c67urav4vq6ha0j3nqd34ftx",
} as const;
export const CI = {
  identity: "AGE-SECRET-KEY-1FF8VD03ANKHZ7T4CY5AG4QH4DXHGE83XUMS4QC9P0FZUFJG07C0SMF9X6P",
  recipient: "age1hfam73f97xewjnydjdexl3drsldtap67j64awrlwpp5u8apap9pqgm2aun",
} as const;
export const DAVE = {
  identity: "AGE-SECRET-KEY-1S5YUWJQ57GZYRTMNKGR6TNDJ9FHZEDQ7D5YR88RDLKTRR3CZCWLQAPL8JZ",
  recipient: "age1a5975xezq459q4pyxkdn5mnffyd9cz9lcnghmsmma8gdhhw2j4nq8e7akg",
} as const;

/** An item of GET /api/v1/satkers */
export interface Satker {
  code: string;
  name: string;
  pemdaCode: string;
  address: string | null;
}

export interface CreateSatkerBody {
  code: string;
  name: string;
  pemdaCode: string;
  address?: string | null;
}

// Demo identities for the seeded jurisdiction, one per role, so a new user can try every part of the API.
// Their ID numbers and credit codes are syntactically valid samples, not real people or companies.
import type { DevTokenRequest } from './dev-identity.ts';

export const demoUsers = {
  citizen: { sub: 'demo-citizen', role: 'citizen', name: '张晓明', idNumber: '330902199001011238' },
  citizen2: { sub: 'demo-citizen-2', role: 'citizen', name: '李芳', idNumber: '330902198506152461' },
  enterprise: {
    sub: 'demo-enterprise',
    role: 'enterprise',
    name: '舟山海韵水产有限公司',
    creditCode: '91330902MA2A1B2C31',
  },
  agent: { sub: 'demo-agent', role: 'agent', name: '王建国', idNumber: '330902196210030319' },
  clerk: { sub: 'demo-clerk', role: 'clerk', name: '陈窗口', department: 'zwfw' },
  reviewer: { sub: 'demo-reviewer-scjgj', role: 'reviewer', name: '周审核', department: 'scjgj' },
  reviewer2: { sub: 'demo-reviewer-zjj', role: 'reviewer', name: '吴审核', department: 'zjj' },
  reviewer3: { sub: 'demo-reviewer-mzj', role: 'reviewer', name: '钱审核', department: 'mzj' },
  reviewer4: { sub: 'demo-reviewer-zrzyj', role: 'reviewer', name: '冯审核', department: 'zrzyj' },
  reviewer5: { sub: 'demo-reviewer-swj', role: 'reviewer', name: '何审核', department: 'swj' },
  reviewer6: { sub: 'demo-reviewer-gaj', role: 'reviewer', name: '林审核', department: 'gaj' },
  supervisor: { sub: 'demo-supervisor', role: 'supervisor', name: '郑监察', department: 'zwfw' },
  admin: { sub: 'demo-admin', role: 'admin', name: '孙管理', department: 'zwfw' },
} satisfies Record<string, DevTokenRequest>;

// 主题 topics and life events: how citizens and enterprises navigate ("我要开办企业", "我要办退休").
import * as z from 'zod';

export const topicSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]{2,40}$/),
  name: z.string().min(2).max(30),
  audience: z.enum(['person', 'enterprise']),
  description: z.string().min(2).max(200),
});
export type Topic = z.infer<typeof topicSchema>;

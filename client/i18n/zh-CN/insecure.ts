// The notice shown when the app is opened over plain http on a network address (not a secure context).
export default {
  insecure: {
    title: '此连接不安全（http），以下功能无法使用',
    lost: {
      location: '定位',
      camera: '拍照上传',
      offline: '离线使用',
      install: '安装到主屏幕',
    },
    setup: '在这台手机上打开设置页，安装本单位的证书（每台手机一次），再改用 https 地址：',
    setupLink: '打开设置页',
    httpsLink: '打开 https 地址',
    noHttps: '这台服务器没有开启 HTTPS。请管理员用 “HTTPS=local npm start” 启动（见说明文档“在手机上使用”），然后在手机上打开设置页：',
  },
}
